package render

import (
	"encoding/binary"
	"errors"
)

// AppendBinary appends the Doc's converted text and links to b, for a
// build cache to keep (see generator's page store), and reports whether
// it could: a Doc with problems (Errs) or whose text a store holds is
// not kept, so that a Doc read back reports exactly what converting the
// page again would.
func (d *Doc) AppendBinary(b []byte) ([]byte, bool) {
	if len(d.Errs) > 0 || d.kept.Stored() {
		return b, false
	}
	b = binary.AppendUvarint(b, uint64(len(d.Links)))
	for _, l := range d.Links {
		b = binary.AppendUvarint(b, uint64(len(l.Dest)))
		b = append(b, l.Dest...)
		b = binary.AppendUvarint(b, uint64(l.Line))
		var flags byte
		if l.Image {
			flags |= 1
		}
		if l.Sized {
			flags |= 2
		}
		b = append(b, flags)
	}
	return append(b, d.HTML...), true
}

var errBadDoc = errors.New("not a converted text")

// DecodeDoc returns the Doc that AppendBinary wrote into b. The Doc's
// text is a part of b.
func DecodeDoc(b []byte) (*Doc, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errBadDoc
	}
	b = b[k:]
	d := &Doc{}
	if n > 0 {
		d.Links = make([]Link, n)
	}
	for i := range d.Links {
		size, k := binary.Uvarint(b)
		if k <= 0 || size > uint64(len(b)-k) {
			return nil, errBadDoc
		}
		d.Links[i].Dest = string(b[k : k+int(size)])
		b = b[k+int(size):]
		line, k := binary.Uvarint(b)
		if k <= 0 || k >= len(b) || line > 1<<31 {
			return nil, errBadDoc
		}
		d.Links[i].Line = int(line)
		flags := b[k]
		d.Links[i].Image, d.Links[i].Sized = flags&1 != 0, flags&2 != 0
		b = b[k+1:]
	}
	d.HTML = b
	return d, nil
}
