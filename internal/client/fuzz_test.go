package client

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecodeCollection feeds arbitrary bodies to the decoder the reads use;
// it must never panic, whatever the service or a proxy sends.
func FuzzDecodeCollection(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "seed_004_as_printed.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"totalCount":0,"items":[],"attributes":{"objectType":"Collection"}}`))
	f.Add([]byte(`{"totalCount":1,"items":[{"productSku":{"id":"x"},"servicePlans":null}]}`))
	f.Add([]byte("\uFEFF" + `{"totalCount":2,"items":[{"productSku":"","servicePlans":""},{"availableUnits":"many"}]}`))
	f.Add([]byte(`{"totalCount":1,"items":""}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		body = trimBOM(body)
		var skus Collection[SubscribedSKU]
		if err := json.Unmarshal(body, &skus); err != nil && describeDecodeError(err, body, "application/json").Error() == "" {
			t.Fatal("a decoding error without a description")
		}
		var licenses Collection[License]
		if err := json.Unmarshal(body, &licenses); err != nil {
			_ = describeDecodeError(err, body, "application/json")
		}
	})
}

// FuzzParseErrorBody must always produce a description a user can read.
func FuzzParseErrorBody(f *testing.F) {
	f.Add([]byte(`{"code":20002,"description":"No relationship between caller and account","data":[],"source":"PartnerFD"}`), "application/json", false)
	f.Add([]byte(`{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}`), "application/json", false)
	f.Add([]byte("<html><title>502 Bad Gateway</title></html>"), "text/html", true)
	f.Add([]byte(``), "", false)
	f.Fuzz(func(t *testing.T, body []byte, contentType string, truncated bool) {
		description := parseErrorBody(body, contentType, truncated).description
		if description == "" {
			t.Fatalf("empty description for %q", body)
		}
	})
}

// FuzzFollowLink feeds arbitrary links.next to the pager's parser: it must
// never panic, and never yield a request that leaves the API root or adds
// an empty or dot segment.
func FuzzFollowLink(f *testing.F) {
	f.Add("/customers?size=500&seekOperation=Next", "GET", "MS-ContinuationToken", "abc")
	f.Add("https://elsewhere.example/v1/customers", "GET", "", "")
	f.Add("/v1/customers/../x", "get", "Authorization", "Bearer stolen")
	f.Add("%zz", "POST", "", "")
	f.Fuzz(func(t *testing.T, uri, method, key, value string) {
		req, err := followLink(Link{URI: uri, Method: method, Headers: []LinkHeader{{Key: key, Value: value}}})
		if err != nil {
			return
		}
		for _, s := range req.Path {
			if s == "" || s == "." || s == ".." {
				t.Fatalf("links.next %q gave the segment %q", uri, s)
			}
		}
		if p := req.escapedPath(); !strings.HasPrefix(p, "/v1/") && p != "/v1" {
			t.Fatalf("links.next %q gave the path %q", uri, p)
		}
	})
}
