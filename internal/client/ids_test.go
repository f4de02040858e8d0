package client

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestValidateUserID(t *testing.T) {
	valid := []string{
		"4b9cd1e0-6c30-4c2a-9f2b-0a4d1f5e7a11",
		"adele.vance@contoso.onmicrosoft.com",
		"bob_fabrikam.com#EXT#@contoso.onmicrosoft.com",
		"o'brien+test&co@contoso.onmicrosoft.com",
		"a@b.co",
	}
	for _, id := range valid {
		if err := ValidateUserID(id); err != nil {
			t.Errorf("ValidateUserID(%q) = %v, want nil", id, err)
		}
	}
	invalid := map[string]string{
		"":                        "empty",
		"adele":                   "single @",
		"a@b@contoso.com":         "single @",
		"@contoso.com":            "single @",
		"a@localhost":             "valid domain",
		"a@-bad-.com":             "valid domain",
		"a@contoso..com":          "valid domain",
		"../a@contoso.com":        `'/'`,
		"a%2f@contoso.com":        `'%'`,
		`a\b@contoso.com`:         `'\\'`,
		"a?b@contoso.com":         `'?'`,
		"a b@contoso.com":         "whitespace",
		"a\nb@contoso.com":        "whitespace",
		"a\x00@contoso.com":       "control",
		strings.Repeat("a", 1100): "more than",
		"..@contoso.com":          "",
	}
	for id, want := range invalid {
		err := ValidateUserID(id)
		if err == nil {
			t.Errorf("ValidateUserID(%q) = nil, want an error", id)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "object id (a GUID) or user principal name") {
			t.Errorf("ValidateUserID(%q) = %q, want it to mention %q and the valid forms", id, err, want)
		}
	}
}

func TestValidateCustomerID(t *testing.T) {
	if err := ValidateCustomerID("0C39D6D5-C70D-4C55-BC02-F620844F3FD1"); err != nil {
		t.Errorf("upper-case GUID refused: %v", err)
	}
	for _, id := range []string{"", "0c39d6d5c70d4c55bc02f620844f3fd1", "{0c39d6d5-c70d-4c55-bc02-f620844f3fd1}", "contoso.onmicrosoft.com"} {
		if err := ValidateCustomerID(id); err == nil || !strings.Contains(err.Error(), "GUID") {
			t.Errorf("ValidateCustomerID(%q) = %v", id, err)
		}
	}
}

func TestNormalizeLicenseGroups(t *testing.T) {
	cases := []struct {
		in   []string
		want []LicenseGroup
	}{
		{nil, []LicenseGroup{LicenseGroup1, LicenseGroup2}},
		{[]string{"group2"}, []LicenseGroup{LicenseGroup2}},
		{[]string{"GROUP2", "group1", "Group1"}, []LicenseGroup{LicenseGroup1, LicenseGroup2}},
	}
	for _, tc := range cases {
		got, err := NormalizeLicenseGroups(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("NormalizeLicenseGroups(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	_, err := NormalizeLicenseGroups([]string{"Group1", "Group3"})
	if err == nil || !strings.Contains(err.Error(), `"Group3"`) || !strings.Contains(err.Error(), "Group1, Group2") {
		t.Errorf("err = %v, want it to name Group3 and the valid values", err)
	}
}

func TestParseEndpoint(t *testing.T) {
	ok := map[string]string{
		"https://api.partnercenter.microsoft.com":             "https://api.partnercenter.microsoft.com",
		"HTTPS://partner.partnercenterapi.microsoftonline.cn": "https://partner.partnercenterapi.microsoftonline.cn",
		"http://127.0.0.1:8080":                               "http://127.0.0.1:8080",
		"http://localhost:9000/prefix":                        "http://localhost:9000/prefix",
		"http://[::1]:9000":                                   "http://[::1]:9000",
		"http://127.8.9.10":                                   "http://127.8.9.10",
	}
	for in, want := range ok {
		u, err := ParseEndpoint(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseEndpoint(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	bad := map[string]string{
		"http://api.partnercenter.microsoft.com": "only allowed for a loopback host",
		"http://10.0.0.1":                        "only allowed for a loopback host",
		"http://localhost.evil.com":              "only allowed for a loopback host",
		"ftp://localhost":                        "must use https",
		"api.partnercenter.microsoft.com":        "absolute URL",
		"https://user:secret@example.com":        "user information",
		"https://example.com/?x=1":               "query",
		"https://exa mple.com":                   "not a URL",
	}
	for in, want := range bad {
		_, err := ParseEndpoint(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEndpoint(%q) = %v, want an error containing %q", in, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseEndpoint(%q) leaked the password: %v", in, err)
		}
	}
}

// FuzzValidateUserID checks the promise the path builder relies on: an
// accepted id escapes into exactly one segment that decodes back to itself.
func FuzzValidateUserID(f *testing.F) {
	for _, seed := range []string{
		"adele.vance@contoso.onmicrosoft.com", "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com",
		"o'brien+test&co@contoso.onmicrosoft.com", "4b9cd1e0-6c30-4c2a-9f2b-0a4d1f5e7a11",
		"../x@contoso.com", "..", "a%2F@b.com", "a/b@c.com",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if ValidateUserID(id) != nil {
			return
		}
		escaped := url.PathEscape(id)
		if strings.ContainsAny(escaped, "/?#\\") || escaped == "." || escaped == ".." {
			t.Fatalf("accepted %q escapes to %q, which leaves its segment", id, escaped)
		}
		back, err := url.PathUnescape(escaped)
		if err != nil || back != id {
			t.Fatalf("accepted %q does not round-trip: %q, %v", id, back, err)
		}
	})
}

func FuzzParseLicenseGroup(f *testing.F) {
	for _, seed := range []string{"Group1", "group2", "GROUP1", "Group3", "", "Group1,Group2"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseLicenseGroup(s)
		if err == nil && !strings.EqualFold(string(g), s) {
			t.Fatalf("ParseLicenseGroup(%q) = %q", s, g)
		}
		if err != nil && !strings.Contains(err.Error(), "Group1, Group2") {
			t.Fatalf("error %q does not name the valid values", err)
		}
	})
}

// FuzzParseEndpoint checks the promise that keeps tokens off the wire in
// clear text: an accepted endpoint is https, or http on a loopback host.
func FuzzParseEndpoint(f *testing.F) {
	for _, seed := range []string{DefaultEndpoint, "https://partner.partnercenterapi.microsoftonline.cn",
		"http://127.0.0.1:8080", "http://localhost.evil.com", "http://[::1]:1", "https://u:p@h", "HTTP://LOCALHOST"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseEndpoint(raw)
		if err != nil {
			return
		}
		if u.Scheme != "https" && (u.Scheme != "http" || !IsLoopbackHost(u.Hostname())) {
			t.Fatalf("accepted %q as %s", raw, u)
		}
		if u.User != nil {
			t.Fatalf("accepted user information in %q", raw)
		}
	})
}
