package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// rotatingTokens hands out "token-1", then "token-2" after an Invalidate.
type rotatingTokens struct {
	mu          sync.Mutex
	generation  int
	invalidated []string
}

func (r *rotatingTokens) Token(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return "token-" + string(rune('1'+r.generation)), nil
}

func (r *rotatingTokens) Invalidate(refused string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.invalidated = append(r.invalidated, refused)
	r.generation++
}

func (r *rotatingTokens) Describe() string { return "the test credential" }

type seenRequest struct{ auth, requestID string }

func recordingServer(accept string) (http.Handler, func() []seenRequest) {
	var mu sync.Mutex
	var seen []seenRequest
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, seenRequest{r.Header.Get("Authorization"), r.Header.Get("MS-RequestId")})
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+accept {
			respond(401, "application/json", `{"code":"InvalidToken","description":"token refused"}`)(w, r)
			return
		}
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	})
	return h, func() []seenRequest { mu.Lock(); defer mu.Unlock(); return append([]seenRequest(nil), seen...) }
}

func TestUnauthorizedRefreshesTheTokenOnce(t *testing.T) {
	handler, seen := recordingServer("token-2")
	tokens := &rotatingTokens{}
	c := newTestClient(t, handler, func(cfg *Config) { cfg.Tokens = tokens })
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
	got := seen()
	if len(got) != 2 || got[0].auth != "Bearer token-1" || got[1].auth != "Bearer token-2" {
		t.Fatalf("requests = %+v, want token-1 then token-2", got)
	}
	if got[0].requestID != got[1].requestID {
		t.Errorf("the retry changed MS-RequestId: %q then %q", got[0].requestID, got[1].requestID)
	}
	if len(tokens.invalidated) != 1 || tokens.invalidated[0] != "token-1" {
		t.Errorf("invalidated = %q, want [token-1]", tokens.invalidated)
	}
}

func TestUnauthorizedTwiceNamesTheCredential(t *testing.T) {
	handler, seen := recordingServer("never")
	c := newTestClient(t, handler, func(cfg *Config) { cfg.Tokens = &rotatingTokens{} })
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Credential != "the test credential" {
		t.Fatalf("err = %v, want a 401 APIError naming the credential", err)
	}
	if n := len(seen()); n != 2 {
		t.Errorf("%d requests, want exactly 2 (one retry)", n)
	}
}

func TestUnauthorizedWithStaticTokenIsNotRetried(t *testing.T) {
	handler, seen := recordingServer("other")
	c := newTestClient(t, handler)
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Fatalf("err = %v", err)
	}
	if n := len(seen()); n != 1 {
		t.Errorf("%d requests, want 1: a static token cannot change", n)
	}
}
