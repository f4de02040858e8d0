package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestDistinctReadsEachSendOneRequest(t *testing.T) {
	var calls atomic.Int64
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	const customers = 20
	var wg sync.WaitGroup
	for i := range customers {
		for range 3 { // each customer read three times, in parallel
			wg.Add(1)
			go func() {
				defer wg.Done()
				id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
				if _, err := c.ListSubscribedSKUs(context.Background(), id, AllLicenseGroups); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	// Read again, sequentially: answered from memory.
	if _, err := c.ListSubscribedSKUs(context.Background(), "00000000-0000-4000-8000-000000000000", AllLicenseGroups); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != customers {
		t.Errorf("%d requests for %d distinct reads, want one each", calls.Load(), customers)
	}
}

func TestFailedReadsAreNotCached(t *testing.T) {
	var calls atomic.Int64
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			respond(404, "application/json", `{"code":600008,"description":"not found"}`)(w, r)
			return
		}
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err == nil {
		t.Fatal("want the 404")
	}
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatalf("the failure was cached: %v", err)
	}
}

func TestSharedReadOutlivesOneCallerButNotAll(t *testing.T) {
	cache := newReadCache()
	release := make(chan struct{})
	var cancelled atomic.Bool
	fetch := func(ctx context.Context) (any, error) {
		select {
		case <-release:
			return "answer", nil
		case <-ctx.Done():
			cancelled.Store(true)
			return nil, ctx.Err()
		}
	}
	impatient, cancelImpatient := context.WithCancel(context.Background())
	results := make(chan error, 2)
	go func() { _, err := cache.do(impatient, "k", fetch); results <- err }()
	go func() {
		v, err := cache.do(context.Background(), "k", fetch)
		if err == nil && v != "answer" {
			err = errors.New("wrong answer")
		}
		results <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancelImpatient()
	if err := <-results; !errors.Is(err, context.Canceled) {
		t.Fatalf("the impatient caller got %v", err)
	}
	close(release)
	if err := <-results; err != nil {
		t.Fatalf("the patient caller got %v", err)
	}
	if cancelled.Load() {
		t.Error("the fetch was cancelled while a caller still waited")
	}

	// When every caller gives up, the fetch is cancelled.
	cancelled.Store(false)
	never := make(chan struct{})
	hang := func(ctx context.Context) (any, error) {
		select {
		case <-never:
			return nil, nil
		case <-ctx.Done():
			cancelled.Store(true)
			return nil, ctx.Err()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, err := cache.do(ctx, "other", hang); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for !cancelled.Load() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !cancelled.Load() {
		t.Error("the fetch went on after every caller had gone")
	}
}

func TestReadsWithoutKeepingReuseButDoNotKeep(t *testing.T) {
	var calls atomic.Int64
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	read := func(ctx context.Context, customer string) {
		t.Helper()
		if _, err := c.ListSubscribedSKUs(ctx, customer, AllLicenseGroups); err != nil {
			t.Fatal(err)
		}
	}
	bulk := WithoutKeeping(context.Background())
	const first, second = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"

	read(bulk, first)
	read(bulk, first)
	if got := calls.Load(); got != 2 {
		t.Errorf("two reads without keeping sent %d requests, want 2: the first answer was kept", got)
	}
	read(context.Background(), second) // kept
	read(bulk, second)                 // reuses it
	if got := calls.Load(); got != 3 {
		t.Errorf("a read without keeping after a kept one sent %d requests in all, want 3: it did not reuse the kept answer", got)
	}
}

func TestASharedFlightIsKeptWhenOneCallerKeeps(t *testing.T) {
	for _, order := range []string{"keeping caller first", "keeping caller second"} {
		t.Run(order, func(t *testing.T) {
			cache := newReadCache()
			release := make(chan struct{})
			var fetches atomic.Int64
			fetch := func(context.Context) (any, error) {
				fetches.Add(1)
				<-release
				return "answer", nil
			}
			ctxs := []context.Context{context.Background(), WithoutKeeping(context.Background())}
			if order == "keeping caller second" {
				ctxs[0], ctxs[1] = ctxs[1], ctxs[0]
			}
			var wg sync.WaitGroup
			for _, ctx := range ctxs {
				wg.Add(1)
				go func() { defer wg.Done(); _, _ = cache.do(ctx, "k", fetch) }()
				time.Sleep(20 * time.Millisecond) // the second joins the first's flight
			}
			close(release)
			wg.Wait()
			if _, err := cache.do(WithoutKeeping(context.Background()), "k", fetch); err != nil {
				t.Fatal(err)
			}
			if got := fetches.Load(); got != 1 {
				t.Errorf("%d fetches, want 1: the shared answer was not kept for the caller that keeps", got)
			}
		})
	}
}
