package provider

import (
	"context"
	"sync"
	"time"
)

// releasableContext is its parent, values, deadline and cancellation, until
// it is released; then it lets go of the parent and reads as a cancelled,
// empty context. Whoever keeps it after the call (the framework keeps a
// context derived from it) keeps a few words, not the request's loggers.
//
// Nothing should use it after release: the RPC has returned by then. Should
// something still (a shared read outliving the request that started it), it
// sees a cancelled context without values, so tflog writes nothing rather
// than failing.
type releasableContext struct {
	mu     sync.RWMutex
	parent context.Context // nil once released
}

func newReleasableContext(parent context.Context) (context.Context, func()) {
	c := &releasableContext{parent: parent}
	return c, c.release
}

func (c *releasableContext) release() {
	c.mu.Lock()
	c.parent = nil
	c.mu.Unlock()
}

func (c *releasableContext) current() context.Context {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.parent
}

// closed is the Done channel of a released context.
var closed = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

func (c *releasableContext) Deadline() (time.Time, bool) {
	if p := c.current(); p != nil {
		return p.Deadline()
	}
	return time.Time{}, false
}

func (c *releasableContext) Done() <-chan struct{} {
	if p := c.current(); p != nil {
		return p.Done()
	}
	return closed
}

func (c *releasableContext) Err() error {
	if p := c.current(); p != nil {
		return p.Err()
	}
	return context.Canceled
}

func (c *releasableContext) Value(key any) any {
	if p := c.current(); p != nil {
		return p.Value(key)
	}
	return nil
}
