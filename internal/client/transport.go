package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// maxRedirects bounds redirect chains; Partner Center does not redirect
// these reads, so a long chain is a misconfigured proxy.
const maxRedirects = 5

// NewHTTPClient returns the *http.Client the provider injects: proxy settings
// from the environment, a per-request timeout so a hung connection cannot
// hang a plan, enough idle connections per host for Terraform's parallel
// reads to reuse them, and redirects only to https (or loopback). Go already
// drops the Authorization header when a redirect leaves the original host.
//
// extraRootsPEM, when given, adds root certificates to the system's, for a
// TLS-inspecting proxy or a private cloud.
func NewHTTPClient(timeout time.Duration, extraRootsPEM []byte) (*http.Client, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(extraRootsPEM) > 0 {
		roots, err := x509.SystemCertPool()
		if err != nil {
			roots = x509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM(extraRootsPEM) {
			return nil, errors.New("the CA certificate file holds no PEM certificate")
		}
		tlsConfig.RootCAs = roots
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       tlsConfig,
	}
	return &http.Client{Transport: transport, Timeout: timeout, CheckRedirect: checkRedirect}, nil
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	if req.URL.Scheme != "https" && !IsLoopbackHost(req.URL.Hostname()) {
		return errors.New("refused a redirect to " + req.URL.Redacted() + ": only https is followed")
	}
	return nil
}
