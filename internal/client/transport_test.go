package client

import (
	"context"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRedirectToPlainHTTPIsRefused(t *testing.T) {
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://partner.example.com/v1/x", http.StatusFound)
	}), func(cfg *Config) { cfg.HTTPClient = mustHTTPClient(t, 5*time.Second, nil) })
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	if err == nil || !strings.Contains(err.Error(), "only https is followed") {
		t.Fatalf("err = %v, want the redirect refused", err)
	}
}

// A redirect to another host must not carry the bearer token along.
func TestRedirectToAnotherHostDropsAuthorization(t *testing.T) {
	var leaked string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization")
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	t.Cleanup(other.Close)
	// 127.0.0.1 and localhost are different hosts to the redirect policy.
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
	}), func(cfg *Config) { cfg.HTTPClient = mustHTTPClient(t, 5*time.Second, nil) })
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
	if leaked != "" {
		t.Errorf("the redirected request carried Authorization %q", leaked)
	}
}

func TestTimeoutBoundsAHungServer(t *testing.T) {
	release := make(chan struct{})
	c := newTestClient(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }),
		func(cfg *Config) { cfg.HTTPClient = mustHTTPClient(t, 200*time.Millisecond, nil) })
	defer close(release)
	started := time.Now()
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var te *TransportError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("err = %v (%T), want a TransportError for the timeout", err, err)
	}
	if elapsed := time.Since(started); elapsed > 5*time.Second {
		t.Errorf("the request took %s despite a 200ms timeout", elapsed)
	}
}

func mustHTTPClient(t *testing.T, timeout time.Duration, roots []byte) *http.Client {
	t.Helper()
	c, err := NewHTTPClient(HTTPOptions{Timeout: timeout, ExtraRootsPEM: roots})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExtraRootsAreTrusted(t *testing.T) {
	srv := httptest.NewTLSServer(respond(200, "application/json", `{"totalCount":0,"items":[]}`))
	t.Cleanup(srv.Close)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	base, _ := ParseEndpoint(srv.URL)

	withoutRoots, _ := New(Config{BaseURL: base, HTTPClient: mustHTTPClient(t, 5*time.Second, nil), Tokens: StaticToken("x"), CorrelationID: "c"})
	if _, err := withoutRoots.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err == nil {
		t.Fatal("a self-signed server was trusted without the extra root")
	}
	withRoots, _ := New(Config{BaseURL: base, HTTPClient: mustHTTPClient(t, 5*time.Second, certPEM), Tokens: StaticToken("x"), CorrelationID: "c"})
	if _, err := withRoots.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatalf("with the extra root: %v", err)
	}
	if _, err := NewHTTPClient(HTTPOptions{Timeout: time.Second, ExtraRootsPEM: []byte("not a certificate")}); err == nil {
		t.Error("a file without PEM certificates was accepted")
	}
}
