package cards

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Check reports whether b is a whole card as Render makes it: a PNG of
// Width×Height whose every chunk is complete with a correct checksum,
// ending in IEND with nothing after it. It is meant for cards read back
// from a cache: a truncated, damaged or foreign file fails, at a fraction
// of the cost of decoding it (about 20 µs against 5 ms).
func Check(b []byte) error {
	if !bytes.HasPrefix(b, pngSignature) {
		return errors.New("not a PNG file")
	}
	rest := b[len(pngSignature):]
	for i := 0; ; i++ {
		if len(rest) < 12 {
			return errors.New("truncated PNG: no IEND chunk")
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-12) {
			return fmt.Errorf("truncated PNG: chunk %d claims %d bytes, %d left", i, n, len(rest)-12)
		}
		typ, data := rest[4:8], rest[8:8+n]
		sum := binary.BigEndian.Uint32(rest[8+n:])
		if crc32.Update(crc32.ChecksumIEEE(typ), crc32.IEEETable, data) != sum {
			return fmt.Errorf("damaged PNG: bad checksum in chunk %d (%q)", i, typ)
		}
		rest = rest[12+n:]
		switch {
		case i == 0:
			if string(typ) != "IHDR" || n != 13 {
				return errors.New("damaged PNG: no IHDR chunk first")
			}
			w, h := binary.BigEndian.Uint32(data), binary.BigEndian.Uint32(data[4:])
			if w != Width || h != Height {
				return fmt.Errorf("a PNG of %d×%d, not %d×%d", w, h, Width, Height)
			}
		case string(typ) == "IEND":
			if len(rest) > 0 {
				return fmt.Errorf("damaged PNG: %d bytes after IEND", len(rest))
			}
			return nil
		}
	}
}
