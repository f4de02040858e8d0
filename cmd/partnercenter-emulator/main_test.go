package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read what run logs while run is still writing.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func noEnv(string) string { return "" }

func TestRunServesUntilCancelled(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	env := func(k string) string {
		if k == tokenEnv {
			return "env-token"
		}
		return ""
	}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-url-file", urlFile}, env, &logs) }()

	baseURL := waitForFile(t, urlFile, done)
	if !strings.HasPrefix(baseURL, "http://127.0.0.1:") {
		t.Fatalf("url file holds %q", baseURL)
	}

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, baseURL+"/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus", nil)
	req.Header.Set("Authorization", "Bearer env-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"totalCount":3`) {
		t.Fatalf("status %d, body %s", resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancellation")
	}
	if _, err := os.Stat(urlFile); !os.IsNotExist(err) {
		t.Errorf("url file left behind after shutdown: %v", err)
	}
	out := logs.String()
	for _, want := range []string{
		"partnercenter-emulator listening on " + baseURL + "\n",
		"GET /v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus 200\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "env-token") {
		t.Error("log contains the token")
	}
}

func TestRunFlagTokenAndFixture(t *testing.T) {
	dir := t.TempDir()
	fixture := filepath.Join(dir, "fixture.json")
	doc := `{"customers": [{"id": "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "subscribedSkus": [{"productSku": {"licenseGroupId": "group2"}, "x": 1}]}]}`
	if err := os.WriteFile(fixture, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	urlFile := filepath.Join(dir, "url")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-token", "flag-token", "-fixture", fixture, "-listen", "localhost:0", "-url-file", urlFile}, noEnv, io.Discard)
	}()
	baseURL := waitForFile(t, urlFile, done)

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, baseURL+"/v1/customers/7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d/subscribedskus?licenseGroupIds=Group2", nil)
	req.Header.Set("Authorization", "Bearer flag-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"x":1`) {
		t.Fatalf("status %d, body %s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	badFixture := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badFixture, []byte(`{"customers": [{"id": "nope"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no token", nil, "pass -token or set PARTNERCENTER_EMULATOR_TOKEN"},
		{"non-loopback listen", []string{"-token", "t", "-listen", "0.0.0.0:0"}, "not a loopback address"},
		{"all interfaces", []string{"-token", "t", "-listen", ":0"}, "all interfaces"},
		{"invalid fixture", []string{"-token", "t", "-fixture", badFixture}, `customers[0] (id "nope")`},
		{"missing fixture", []string{"-token", "t", "-fixture", filepath.Join(dir, "none.json")}, "none.json"},
		{"unknown flag", []string{"-bogus"}, "bogus"},
		{"stray argument", []string{"-token", "t", "extra"}, `unexpected arguments ["extra"]`},
		{"url file in missing directory", []string{"-token", "t", "-url-file", filepath.Join(dir, "no", "such", "url")}, "writing -url-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, noEnv, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run(%q) = %v, want error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-help"}, noEnv, &out); err != nil {
		t.Fatalf("run -help: %v", err)
	}
	if !strings.Contains(out.String(), "-url-file") {
		t.Errorf("usage lacks -url-file:\n%s", out.String())
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "url")
	for _, content := range []string{"http://127.0.0.1:1", "http://127.0.0.1:2"} {
		if err := writeFileAtomic(path, content); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("file holds %q (%v), want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// waitForFile polls for the url file as a CI script would, failing early if
// run returns first.
func waitForFile(t *testing.T, path string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("url file %s did not appear", path)
	return ""
}
