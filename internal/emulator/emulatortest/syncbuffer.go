// Package emulatortest holds what tests that run the emulator share across
// packages: the emulator's own tests and its program's.
package emulatortest

import (
	"strings"
	"sync"
)

// SyncBuffer is a log a test can read while handlers are still writing it:
// an aborted request is logged after its client has seen the abort, and an
// http.Server's shutdown does not wait for every handler.
type SyncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
