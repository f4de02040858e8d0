// Package acctest is the test kit that the provider's acceptance tests, the
// end-to-end tests and the bench harness share, in the manner of
// terraform-provider-aws's internal/acctest: an emulator on a loopback
// server that writes its own provider block and environment, a fake Entra
// ID with an emulator that accepts its tokens, and one HCL builder for the
// blocks a test writes.
package acctest

import (
	"context"
	"maps"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// The fake partner whose credentials the sign-in rigs use. None is a real
// secret: they exist only in the fakes.
const (
	TenantID     = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	ClientID     = "9b3c2b2e-6b0a-4f3e-9d8e-1a2b3c4d5e6f"
	ClientSecret = "acctest-client-secret-3e9a"
	RefreshToken = "acctest-refresh-token-51bd"
)

// Server is an emulator served on a loopback address: the one rig that
// provider tests, end-to-end tests and benchmarks start.
type Server struct {
	*emulator.Emulator
	// URL is the base URL to give the provider's endpoint.
	URL string
	// AccessToken is the token the emulator accepts, when it was given one.
	AccessToken string
	close       func()
}

// ProviderArgs are the provider arguments that point at this emulator:
// the endpoint, and the access token when the emulator was given one.
func (s *Server) ProviderArgs() Args {
	args := Args{"endpoint": s.URL}
	if s.AccessToken != "" {
		args["access_token"] = s.AccessToken
	}
	return args
}

// Provider is the provider block for this emulator, with extra arguments
// added or overriding.
func (s *Server) Provider(extra Args) string {
	args := s.ProviderArgs()
	maps.Copy(args, extra)
	return Provider(args)
}

// Env is the environment that points the provider at this emulator, as
// ProviderArgs do.
func (s *Server) Env() map[string]string {
	env := map[string]string{"PARTNERCENTER_ENDPOINT": s.URL}
	if s.AccessToken != "" {
		env["PARTNERCENTER_ACCESS_TOKEN"] = s.AccessToken
	}
	return env
}

// ExpectNoRequests fails the test if the emulator saw any request: invalid
// arguments must be refused before anything is sent.
func (s *Server) ExpectNoRequests(tb testing.TB) {
	tb.Helper()
	if n := s.RequestCount(); n != 0 {
		tb.Errorf("the emulator received %d requests, want 0", n)
	}
}

// Close stops the server.
func (s *Server) Close() { s.close() }

// Serve starts the emulator opts describe on a free loopback port.
// onNewConn, when not nil, is called for each new client connection (the
// bench harness counts them).
func Serve(opts emulator.Options, onNewConn func()) (*Server, error) {
	em, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	url, closeServer, err := ServeHandler(em, onNewConn)
	if err != nil {
		return nil, err
	}
	return &Server{Emulator: em, URL: url, AccessToken: opts.AccessToken, close: closeServer}, nil
}

// ServeHandler serves h on a free loopback port and returns its base URL
// and the function that stops it; onNewConn is as for Serve.
func ServeHandler(h http.Handler, onNewConn func()) (url string, closeServer func(), err error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if onNewConn != nil {
		srv.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				onNewConn()
			}
		}
	}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// StartEmulator serves an emulator for one test, stopped when it ends.
func StartEmulator(tb testing.TB, opts emulator.Options) *Server {
	tb.Helper()
	s, err := Serve(opts, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Backends are a fake Entra ID over TLS and an emulator that accepts its
// tokens, besides any opts.AccessToken.
type Backends struct {
	Entra *fakeentra.Server
	*Server
	// CAFile holds the fake Entra ID's CA certificate, for the provider's
	// ca_certificate_file.
	CAFile string
}

// NewEntra starts a fake Entra ID whose zero options get the fake partner
// above, and writes its CA certificate into dir.
func NewEntra(entra fakeentra.Options, dir string) (fake *fakeentra.Server, caFile string, err error) {
	if entra.TenantID == "" {
		entra.TenantID, entra.ClientID, entra.ClientSecret, entra.RefreshToken = TenantID, ClientID, ClientSecret, RefreshToken
	}
	fake, err = fakeentra.Start(entra)
	if err != nil {
		return nil, "", err
	}
	if caFile, err = fake.WriteCACertFile(dir); err != nil {
		fake.Close()
		return nil, "", err
	}
	return fake, caFile, nil
}

// NewBackends starts both, the fake Entra ID as NewEntra does.
func NewBackends(entra fakeentra.Options, opts emulator.Options, dir string, onNewConn func()) (*Backends, error) {
	fake, caFile, err := NewEntra(entra, dir)
	if err != nil {
		return nil, err
	}
	opts.TokenVerifier = fake
	srv, err := Serve(opts, onNewConn)
	if err != nil {
		fake.Close()
		return nil, err
	}
	return &Backends{Entra: fake, Server: srv, CAFile: caFile}, nil
}

// StartBackends starts both for one test, stopped when it ends.
func StartBackends(tb testing.TB, entra fakeentra.Options, opts emulator.Options) *Backends {
	tb.Helper()
	b, err := NewBackends(entra, opts, tb.TempDir(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(b.Close)
	return b
}

// Close stops both.
func (b *Backends) Close() {
	b.Server.Close()
	b.Entra.Close()
}

// Env is the environment that points the provider at both; credentials
// are the caller's to add (SecureApplicationModel, say).
func (b *Backends) Env() map[string]string {
	env := b.Server.Env()
	env["PARTNERCENTER_AUTH_ENDPOINT"] = b.Entra.URL()
	env["PARTNERCENTER_CA_CERTIFICATE_FILE"] = b.CAFile
	return env
}

// UserTokenWithoutMFA is an App+User token whose amr claim shows a password
// sign-in only, which Partner Center refuses since 2026.
func UserTokenWithoutMFA(tb testing.TB) string {
	tb.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"idtyp": "user", "scp": "user_impersonation", "amr": []string{"pwd"}, "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString([]byte("acctest-key"))
	if err != nil {
		tb.Fatal(err)
	}
	return token
}

// SecureApplicationModel is the environment of a refresh-token sign-in as
// the fake partner.
func SecureApplicationModel() map[string]string {
	return map[string]string{
		"PARTNERCENTER_TENANT_ID": TenantID, "PARTNERCENTER_CLIENT_ID": ClientID,
		"PARTNERCENTER_CLIENT_SECRET": ClientSecret, "PARTNERCENTER_REFRESH_TOKEN": RefreshToken,
	}
}
