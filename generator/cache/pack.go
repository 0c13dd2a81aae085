package cache

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// A Pack keeps many small files (the pages a build rendered) in one file
// of the build cache, each by a 64-bit key that covers every input of the
// file, so that the next build takes them rather than making them again.
// One file rather than one per entry, as Store keeps them: a build of
// 10,000 stories renders 13,600 pages, and writing as many files again
// into the cache would cost nearly what publishing them does.
//
// The data file only grows: Put adds an entry at its end, with its key,
// its length and a hash of its bytes, which Get checks, so that a damaged
// or cut data file gives misses, never wrong bytes. The index, written
// whole and renamed into place by Close, lists the entries got or put
// since Open; the others are garbage, and when they fill more than half
// of the data file, Close writes a new one without them. A Pack is safe
// for concurrent use; a cache folder holds one build at a time (the
// destination's lock).
type Pack struct {
	data, index string // the files' paths

	mu    sync.Mutex
	f     *os.File
	w     *bufio.Writer // appends at size
	gen   [8]byte       // the data file's generation: an index names it
	size  int64         // of the data file with what w holds
	old   map[uint64]span
	used  map[uint64]span
	live  int64 // bytes of the used entries, headers included
	err   error // the first write error: later Puts are dropped
	gets  int
	found int
}

// span is where an entry lies in the data file: its header's offset and
// the length of its bytes.
type span struct {
	off int64
	n   uint32
}

const (
	packMagic   = "FFPK1\n"
	indexMagic  = "FFPX1\n"
	entryHeader = 20 // key, length, hash of the bytes
	headerSize  = int64(len(packMagic) + 8)
	// MaxPackEntry bounds one entry's bytes; Put drops a larger one.
	MaxPackEntry = 64 << 20
)

// ErrPackBusy is the error of OpenPack when another open pack (another
// build or preview of the site) holds the same files.
var ErrPackBusy = errors.New("the cache is in use by another build")

// OpenPack opens the pack called name in dir, making the folder and an
// empty pack if need be, and holds it until Close. A data file or index that is missing, damaged
// or of another generation gives an empty pack, never an error: the
// build then makes everything, as without a cache. Only a folder or data
// file that cannot be made or opened, or a pack in use, is an error.
func OpenPack(dir, name string) (*Pack, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &Pack{data: filepath.Join(dir, name+".pack"), index: filepath.Join(dir, name+".index"), old: map[uint64]span{}, used: map[uint64]span{}}
	f, err := os.OpenFile(p.data, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockPack(f); err != nil {
		f.Close()
		return nil, err
	}
	p.f = f
	if err := p.start(); err != nil {
		f.Close()
		return nil, err
	}
	p.readIndex()
	p.w = bufio.NewWriterSize(io.NewOffsetWriter(f, p.size), 1<<20)
	return p, nil
}

// start reads the data file's header and size, or makes the file anew
// (a new generation) when the header is not a pack's.
func (p *Pack) start() error {
	var head [headerSize]byte
	st, err := p.f.Stat()
	if err != nil {
		return err
	}
	if _, err := p.f.ReadAt(head[:], 0); err == nil && string(head[:len(packMagic)]) == packMagic {
		copy(p.gen[:], head[len(packMagic):])
		p.size = st.Size()
		return nil
	}
	if err := p.f.Truncate(0); err != nil {
		return err
	}
	if _, err := rand.Read(p.gen[:]); err != nil {
		return err
	}
	copy(head[:], packMagic)
	copy(head[len(packMagic):], p.gen[:])
	if _, err := p.f.WriteAt(head[:], 0); err != nil {
		return err
	}
	p.size = headerSize
	return nil
}

// readIndex reads the entries the index lists, if it is of the data
// file's generation; entries beyond the data file's end are left out.
func (p *Pack) readIndex() {
	raw, err := os.ReadFile(p.index)
	const rec = 20
	if err != nil || len(raw) < len(indexMagic)+8 || string(raw[:len(indexMagic)]) != indexMagic || string(raw[len(indexMagic):len(indexMagic)+8]) != string(p.gen[:]) {
		return
	}
	raw = raw[len(indexMagic)+8:]
	for ; len(raw) >= rec; raw = raw[rec:] {
		key := binary.LittleEndian.Uint64(raw)
		s := span{off: int64(binary.LittleEndian.Uint64(raw[8:])), n: binary.LittleEndian.Uint32(raw[16:])}
		if s.off >= headerSize && s.off+entryHeader+int64(s.n) <= p.size {
			p.old[key] = s
		}
	}
}

// Get returns the bytes kept under key by an earlier build, if they are
// there and pass their check, and keeps them for the next.
func (p *Pack) Get(key uint64) ([]byte, bool) {
	p.mu.Lock()
	s, ok := p.old[key]
	p.gets++
	p.mu.Unlock()
	if !ok {
		return nil, false
	}
	buf := make([]byte, entryHeader+int(s.n))
	if _, err := p.f.ReadAt(buf, s.off); err != nil {
		return nil, false
	}
	data := buf[entryHeader:]
	if binary.LittleEndian.Uint64(buf) != key || binary.LittleEndian.Uint32(buf[8:]) != s.n || binary.LittleEndian.Uint64(buf[12:]) != xxhash.Sum64(data) {
		return nil, false
	}
	p.mu.Lock()
	if _, dup := p.used[key]; !dup {
		p.used[key] = s
		p.live += entryHeader + int64(s.n)
	}
	p.found++
	p.mu.Unlock()
	return data, true
}

// Put keeps a copy of data under key for the next build.
func (p *Pack) Put(key uint64, data []byte) {
	if len(data) > MaxPackEntry {
		return
	}
	var head [entryHeader]byte
	binary.LittleEndian.PutUint64(head[:], key)
	binary.LittleEndian.PutUint32(head[8:], uint32(len(data)))
	binary.LittleEndian.PutUint64(head[12:], xxhash.Sum64(data))
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return
	}
	if _, dup := p.used[key]; dup {
		return
	}
	if _, err := p.w.Write(head[:]); err != nil {
		p.err = err
		return
	}
	if _, err := p.w.Write(data); err != nil {
		p.err = err
		return
	}
	p.used[key] = span{off: p.size, n: uint32(len(data))}
	p.size += entryHeader + int64(len(data))
	p.live += entryHeader + int64(len(data))
}

// Found returns how many Gets asked and how many found their bytes.
func (p *Pack) Found() (asked, found int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gets, p.found
}

// Close writes what was added, makes the data file anew without the
// entries no longer used when they are more than half of it, and writes
// the index of the used entries. An error leaves a pack that the next
// Open reads as far as it is whole.
func (p *Pack) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	err := p.err
	if err == nil {
		err = p.w.Flush()
	}
	if err == nil && p.live*2 < p.size-headerSize && p.size > 1<<20 {
		err = p.compact()
	}
	if err == nil {
		err = p.writeIndex()
	}
	return errors.Join(err, p.f.Close())
}

// compact writes a new data file (a new generation) holding the used
// entries alone, and renames it over the old one.
func (p *Pack) compact() error {
	tmp, err := os.CreateTemp(filepath.Dir(p.data), ".pack-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a failure; after the rename, there is none
	var gen [8]byte
	if _, err := rand.Read(gen[:]); err != nil {
		tmp.Close()
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	w.WriteString(packMagic)
	w.Write(gen[:])
	off := int64(headerSize)
	used := make(map[uint64]span, len(p.used))
	for key, s := range p.used {
		if _, err := io.Copy(w, io.NewSectionReader(p.f, s.off, entryHeader+int64(s.n))); err != nil {
			tmp.Close()
			return fmt.Errorf("compacting %s: %w", p.data, err)
		}
		used[key] = span{off: off, n: s.n}
		off += entryHeader + int64(s.n)
	}
	if err := errors.Join(w.Flush(), tmp.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), p.data); err != nil {
		return err
	}
	p.gen, p.used, p.size = gen, used, off
	return nil
}

// writeIndex writes the index of the used entries, whole or not at all.
func (p *Pack) writeIndex() error {
	buf := make([]byte, 0, len(indexMagic)+8+20*len(p.used))
	buf = append(buf, indexMagic...)
	buf = append(buf, p.gen[:]...)
	for key, s := range p.used {
		buf = binary.LittleEndian.AppendUint64(buf, key)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(s.off))
		buf = binary.LittleEndian.AppendUint32(buf, s.n)
	}
	return writeFile(p.index, buf, 0o600)
}
