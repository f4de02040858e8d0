package main

import "strings"

// withSection puts section in place of the text from begin to end of doc,
// or at its end, after the analysis make bench keeps.
func withSection(doc, section, begin, end string) string {
	if before, rest, found := strings.Cut(doc, begin); found {
		if _, after, ended := strings.Cut(rest, end+"\n"); ended {
			return before + section + after
		}
		return before + section
	}
	if doc != "" && !strings.HasSuffix(doc, "\n") {
		doc += "\n"
	}
	if !strings.Contains(doc, analysisMarker) {
		doc += "\n" + analysisMarker + "\n"
	}
	return doc + "\n" + section
}
