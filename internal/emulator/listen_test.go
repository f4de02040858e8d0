package emulator

import (
	"strings"
	"testing"
)

func TestCheckLoopbackAddress(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:0", true},
		{"127.0.0.1:8080", true},
		{"127.1.2.3:0", true},
		{"[::1]:0", true},
		{"localhost:0", true},
		{"LOCALHOST:9000", true},
		{"[::ffff:127.0.0.1]:0", true},
		{":0", false},
		{":8080", false},
		{"0.0.0.0:0", false},
		{"[::]:0", false},
		{"192.168.1.10:0", false},
		{"10.0.0.1:0", false},
		{"example.com:80", false},
		{"localhost.example.com:0", false},
		{"127.0.0.1", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := CheckLoopbackAddress(tt.addr)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckLoopbackAddress(%q) = %v, want ok=%v", tt.addr, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), tt.addr) {
				t.Errorf("error %q does not name the address", err)
			}
		})
	}
}

func TestListenLoopback(t *testing.T) {
	ln, err := ListenLoopback(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatalf("ListenLoopback: %v", err)
	}
	if !strings.HasPrefix(ln.Addr().String(), "127.0.0.1:") {
		t.Errorf("listening on %s", ln.Addr())
	}
	_ = ln.Close()

	if ln, err := ListenLoopback(t.Context(), "0.0.0.0:0"); err == nil {
		_ = ln.Close()
		t.Fatal("ListenLoopback accepted 0.0.0.0")
	}
}
