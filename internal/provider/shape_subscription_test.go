package provider

import "testing"

// Dates reach state as RFC 3339 in UTC, which timecmp takes, whatever form
// Partner Center sends; what is not a date is kept as sent, so timecmp
// fails on it instead of a gate passing on a null.
func TestRFC3339(t *testing.T) {
	cases := map[string]string{
		"2019-02-04T00:00:00Z":         "2019-02-04T00:00:00Z",
		"2019-02-04T18:41:16.2837212Z": "2019-02-04T18:41:16.2837212Z",
		"2019-02-04T00:00:00":          "2019-02-04T00:00:00Z",
		"2019-02-04T09:30:00.5":        "2019-02-04T09:30:00.5Z",
		"2019-02-04":                   "2019-02-04T00:00:00Z",
		"2019-02-04T02:00:00+02:00":    "2019-02-04T00:00:00Z",
		"not a date":                   "not a date",
	}
	for in, want := range cases {
		if got := rfc3339(&in); got == nil || *got != want {
			t.Errorf("rfc3339(%q) = %v, want %q", in, got, want)
		}
	}
	empty := ""
	if rfc3339(nil) != nil || rfc3339(&empty) != nil {
		t.Error("an absent or empty date is not null")
	}
}
