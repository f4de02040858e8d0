package profiling

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestProfileHeapAtPeakWritesAProfile checks the PARTNERCENTER_MEMPROFILE
// helper: after a second's check it has written a gzipped pprof profile.
func TestProfileHeapAtPeakWritesAProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heap.prof")
	stop := profileHeapAtPeak(path)
	held := make([][]byte, 0, 64)
	for range 64 {
		held = append(held, make([]byte, 64<<10))
	}
	time.Sleep(1500 * time.Millisecond)
	stop()
	data, err := os.ReadFile(path) //nolint:gosec // G304: the test's own file
	if err != nil {
		t.Fatalf("no profile written: %v", err)
	}
	if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		t.Fatalf("the profile is not gzipped pprof data (%d bytes)", len(data))
	}
	_ = held
}
