package cache

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestStoreChecksEntries: Get returns an entry only if it is the one Put
// for that key: a damaged entry, or another key's entry copied in its
// place, is refused, and a new Put repairs it.
func TestStoreChecksEntries(t *testing.T) {
	s := OpenStore(t.TempDir(), ".png")
	a, b := "aaaaaaaa11111111", "bbbbbbbb22222222"
	if err := s.Put(a, []byte("card a")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(b, []byte("card b")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(a); err != nil || string(got) != "card a" {
		t.Fatalf("Get(a) = %q, %v", got, err)
	}
	entryB, _ := os.ReadFile(s.path(b))
	for name, data := range map[string][]byte{
		"another key's entry": entryB,
		"flipped byte":        append([]byte("card A"), entryB[len("card b"):]...),
		"truncated":           entryB[:10],
		"empty":               nil,
	} {
		if err := os.WriteFile(s.path(a), data, 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Get(a); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: Get = %q, %v; want ErrDamaged", name, got, err)
		}
	}
	if err := s.Put(a, []byte("card a")); err != nil {
		t.Fatal(err)
	}
	if got, err := OpenStore(s.Dir(), ".png").Get(a); err != nil || string(got) != "card a" {
		t.Errorf("Put again: Get = %q, %v", got, err)
	}
	if st, err := os.Stat(filepath.Join(s.Dir(), a[:2], a+".png")); err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Errorf("an entry is readable by others: %v %v", st.Mode(), err)
	}
}
