package client

import "encoding/json"

// Collection is Partner Center's list envelope: {"totalCount", "items",
// "links", "attributes"}, with a "continuationToken" on a page that has
// more to come. totalCount counts the items of this page, not of the list.
type Collection[T any] struct {
	TotalCount int64 `json:"totalCount"`
	Items      []T   `json:"items"`
	// Next is links.next: how to ask for the next page; nil on the last.
	Next *Link `json:"-"`
	// ContinuationToken is the body's token for the next page, which some
	// answers carry instead of, or beside, links.next.
	ContinuationToken string `json:"-"`
	// request is the request this page came from, for the next page's
	// PageError.
	request RequestRecord
}

// Link is one of a collection's links: a URI relative to /v1, its method
// and the headers to send with it (MS-ContinuationToken for a next page).
type Link struct {
	URI     string       `json:"uri"`
	Method  string       `json:"method"`
	Headers []LinkHeader `json:"headers"`
}

// LinkHeader is one header of a Link.
type LinkHeader struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// UnmarshalJSON reads the envelope, then each item on its own, so that an
// item that cannot be read is named (*ItemError) rather than losing the
// read in a message about the whole body. Items is never nil.
func (c *Collection[T]) UnmarshalJSON(raw []byte) error {
	var envelope struct {
		TotalCount        int64                 `json:"totalCount"`
		Items             List[json.RawMessage] `json:"items"`
		ContinuationToken *string               `json:"continuationToken"`
		Links             Object[struct {
			Next Object[Link] `json:"next"`
		}] `json:"links"`
	}
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return err
	}
	c.TotalCount = envelope.TotalCount
	if envelope.ContinuationToken != nil {
		c.ContinuationToken = *envelope.ContinuationToken
	}
	if links := envelope.Links.Value; links != nil {
		c.Next = links.Next.Value
	}
	c.Items = make([]T, len(envelope.Items))
	for i, item := range envelope.Items {
		if err := json.Unmarshal(item, &c.Items[i]); err != nil {
			return &ItemError{Index: i, Name: itemName(item), Err: err}
		}
	}
	return nil
}
