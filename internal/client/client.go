// Package client is a typed client for the Partner Center reads the provider
// makes, one endpoint file per read (customers.go, the customers list, is
// one). It has no Terraform types, so it can be used and tested from a
// plain Go program.
//
// An endpoint file declares its wire types and builds a Request, which
// holds everything that selects the answer; Get sends one and ListAll
// follows a collection's pages (pager.go). Every read goes through a
// per-process cache that answers identical requests once (cache.go), a
// token refresh on 401 (get.go), and the transport stages NewHTTPClient
// builds: retries, a cap on requests in flight, a pace learnt from 429s and
// the throttle wait (transport.go). Failures come back as *APIError,
// *ResponseError or *TransportError, which share one RequestRecord
// (errors.go).
package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// DefaultMaxBodyBytes caps how much of a response body is read. A customer's
// subscribed SKUs are a few kilobytes; anything near this size is not a
// Partner Center answer we can use, and reading it unbounded could exhaust
// memory on a misbehaving proxy.
const DefaultMaxBodyBytes int64 = 8 << 20

// DefaultLocale is what Partner Center assumes when X-Locale is absent.
const DefaultLocale = "en-US"

// Config holds everything a Client needs. The zero value of each optional
// field selects its documented default.
type Config struct {
	// BaseURL is the Partner Center API root, e.g. https://api.partnercenter.microsoft.com.
	// Parse it with ParseEndpoint so that only https or loopback http reaches here.
	BaseURL *url.URL
	// HTTPClient sends the requests. Inject one (tests use httptest's); a
	// retrying transport plugs in here without touching the data sources.
	HTTPClient *http.Client
	// Tokens supplies the bearer token for each request.
	Tokens TokenSource
	// Locale is sent as X-Locale; empty means DefaultLocale.
	Locale string
	// CorrelationID ties the calls of one provider configuration together.
	CorrelationID string
	// UserAgent is sent verbatim.
	UserAgent string
	// MaxBodyBytes caps response bodies; zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Logger receives one debug line per request; nil disables logging.
	Logger Logger
}

// Client calls Partner Center. It is safe for concurrent use.
type Client struct {
	baseURL       *url.URL
	httpClient    *http.Client
	tokens        TokenSource
	locale        string
	correlationID string
	userAgent     string
	maxBodyBytes  int64
	logger        Logger
	cache         *readCache
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == nil {
		return nil, errors.New("partner center client: a base URL is required")
	}
	if cfg.HTTPClient == nil {
		return nil, errors.New("partner center client: an *http.Client is required")
	}
	if cfg.Tokens == nil {
		return nil, errors.New("partner center client: a token source is required")
	}
	if cfg.CorrelationID == "" {
		return nil, errors.New("partner center client: a correlation id is required")
	}
	c := &Client{
		baseURL:       cloneURL(cfg.BaseURL),
		httpClient:    cfg.HTTPClient,
		tokens:        cfg.Tokens,
		locale:        cfg.Locale,
		correlationID: cfg.CorrelationID,
		userAgent:     cfg.UserAgent,
		maxBodyBytes:  cfg.MaxBodyBytes,
		logger:        cfg.Logger,
		cache:         newReadCache(),
	}
	if c.locale == "" {
		c.locale = DefaultLocale
	}
	if c.maxBodyBytes <= 0 {
		c.maxBodyBytes = DefaultMaxBodyBytes
	}
	if c.logger == nil {
		c.logger = noopLogger{}
	}
	return c, nil
}

// CorrelationID is the MS-CorrelationId sent with every request of this client.
func (c *Client) CorrelationID() string { return c.correlationID }

func cloneURL(u *url.URL) *url.URL {
	clone := *u
	clone.Path = strings.TrimSuffix(clone.Path, "/")
	clone.RawPath = strings.TrimSuffix(clone.RawPath, "/")
	return &clone
}

// UserAgent builds the User-Agent Partner Center sees, naming this provider's
// and Terraform's versions so support can tell which build made a call.
func UserAgent(providerVersion, terraformVersion string) string {
	if providerVersion == "" {
		providerVersion = "dev"
	}
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-partnercenter/%s terraform/%s", providerVersion, terraformVersion)
}
