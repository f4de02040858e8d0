package main

import (
	"strings"
	"testing"
)

// The subscriptions section goes after the analysis make bench keeps, and
// a later run replaces it without touching the users section.
func TestWithSubscriptionsSection(t *testing.T) {
	users := usersBegin + "\nusers figures\n" + usersEnd + "\n"
	doc := "# Benchmarks\n\n" + analysisMarker + "\nhand-written\n\n" + users
	first := withSection(doc, subscriptionsBegin+"\nrun 1\n"+subscriptionsEnd+"\n", subscriptionsBegin, subscriptionsEnd)
	second := withSection(first, subscriptionsBegin+"\nrun 2\n"+subscriptionsEnd+"\n", subscriptionsBegin, subscriptionsEnd)
	if !strings.HasPrefix(second, doc) || strings.Contains(second, "run 1") || !strings.HasSuffix(second, "run 2\n"+subscriptionsEnd+"\n") {
		t.Errorf("second run:\n%s", second)
	}
	if withSection(second, users, usersBegin, usersEnd) != second {
		t.Error("the users section's writer moved the subscriptions section")
	}
}
