package provider

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestReleasableContextIsItsParentUntilReleased(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), payloadKey{}, "v"), deadline)
	defer cancel()
	ctx, release := newReleasableContext(parent)
	child, cancelChild := context.WithCancel(ctx) // as the framework does
	defer cancelChild()

	if got := ctx.Value(payloadKey{}); got != "v" {
		t.Errorf("Value = %v, want the parent's", got)
	}
	if got, ok := ctx.Deadline(); !ok || !got.Equal(deadline) {
		t.Errorf("Deadline = %v, %v; want the parent's", got, ok)
	}
	if ctx.Err() != nil || child.Err() != nil {
		t.Fatalf("cancelled before its parent: %v, %v", ctx.Err(), child.Err())
	}
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("canceling the parent did not reach a context derived from it")
	}

	release()
	if ctx.Value(payloadKey{}) != nil || !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("after release: Value %v, Err %v; want nil and Canceled", ctx.Value(payloadKey{}), ctx.Err())
	}
	if _, ok := ctx.Deadline(); ok {
		t.Error("after release the context still has a deadline")
	}
	select {
	case <-ctx.Done():
	default:
		t.Error("after release Done is not closed")
	}
}
