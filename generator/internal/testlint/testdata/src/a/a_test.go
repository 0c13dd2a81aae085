package a

import (
	"errors"
	"testing"
)

func readThing(t *testing.T) string {
	t.Helper()
	t.Fatal("no thing")
	return ""
}

func deeper(t *testing.T) string { return readThing(t) }

func check(t *testing.T) error { t.Error("soft"); return errors.New("x") }

func TestDirect(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		t.Fatal("boom") // want `t.Fatal ends only the goroutine`
	}()
	<-done
}

func TestHelper(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		_ = deeper(t) // want `deeper \(which can call t.Fatal or t.Skip\) ends only the goroutine`
	}()
	<-done
}

func TestNamed(t *testing.T) {
	go readThing(t) // want `go readThing: it can call t.Fatal`
}

func TestSkip(t *testing.T) {
	go func() {
		t.SkipNow() // want `t.SkipNow ends only the goroutine`
	}()
}

func TestFine(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		if err := check(t); err != nil {
			t.Errorf("fine: %v", err)
		}
	}()
	<-done
	t.Run("sub", func(t *testing.T) { t.Fatal("on the subtest's own goroutine") })
	_ = readThing
}
