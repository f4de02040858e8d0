package client

import (
	"context"
	"sync"
)

// readCache makes each distinct read cost one request per provider process:
// identical reads in flight at once share one request, and a read already
// answered is answered again from memory. Terraform starts a provider
// process per command, so nothing outlives a plan or an apply. Only
// successes are kept; a failed read is tried afresh by the next caller.
//
// A read made under WithoutKeeping shares and reuses like any other, but
// its answer is not kept unless a caller that keeps shared its flight: a
// bulk read of thousands of customers would otherwise hold every decoded
// answer, service plans and all, for the whole process, many times what its
// state keeps (BENCHMARKS.md, "A fleet: memory and size").
//
// x/sync/singleflight shares a call but cannot cancel it when every caller
// has gone; a cancelled plan must stop the request and its retry waits, so
// the few lines below count the callers instead.
type readCache struct {
	mu      sync.Mutex
	answers map[string]any
	flights map[string]*flight
}

// flight is one request shared by the callers waiting for it.
type flight struct {
	done    chan struct{}
	answer  any
	err     error
	waiters int
	cancel  context.CancelFunc
	// keep is set when a caller that keeps answers waits for this one.
	keep bool
}

type withoutKeepingKey struct{}

// WithoutKeeping marks the reads made under ctx as ones whose answers are
// not kept for later callers (see readCache): for reads whose caller keeps
// only part of the answer and that no other data source is likely to ask
// for again, such as a bulk read's customers.
func WithoutKeeping(ctx context.Context) context.Context {
	return context.WithValue(ctx, withoutKeepingKey{}, true)
}

// keeps reports whether a read under ctx keeps its answer.
func keeps(ctx context.Context) bool {
	skip, _ := ctx.Value(withoutKeepingKey{}).(bool)
	return !skip
}

func newReadCache() *readCache {
	return &readCache{answers: map[string]any{}, flights: map[string]*flight{}}
}

// do returns the cached answer for key, or the answer of the one fetch that
// all callers asking for key at the same time share. The fetch keeps the
// first caller's context values (tflog's among them) and is cancelled only
// when every caller's context is done. Callers must not modify the answer.
func (c *readCache) do(ctx context.Context, key string, fetch func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	if answer, ok := c.answers[key]; ok {
		c.mu.Unlock()
		return answer, nil
	}
	f, ok := c.flights[key]
	if !ok {
		fetchCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		c.flights[key] = f
		go c.run(fetchCtx, key, f, fetch)
	}
	f.waiters++
	f.keep = f.keep || keeps(ctx)
	c.mu.Unlock()

	select {
	case <-f.done:
		return f.answer, f.err
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
		}
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

func (c *readCache) run(ctx context.Context, key string, f *flight, fetch func(context.Context) (any, error)) {
	answer, err := fetch(ctx)
	c.mu.Lock()
	f.answer, f.err = answer, err
	delete(c.flights, key)
	if err == nil && f.keep {
		c.answers[key] = answer
	}
	c.mu.Unlock()
	f.cancel()
	close(f.done)
}
