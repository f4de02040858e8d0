package emulator

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Generated subscriptions: a bulk read of every customer's subscriptions
// needs thousands of customers with tens of subscriptions each. A customer
// with GeneratedSubscriptions holds only their count; each subscription is
// derived from the customer's id, its number and the current day on each
// request, so that the emulator's memory does not grow with them and the
// dates stay near today, where a gate over the next N days finds some.

// MaxGeneratedSubscriptions bounds Customer.GeneratedSubscriptions, far
// above what a tenant has.
const MaxGeneratedSubscriptions = 10_000

// generatedOffers are the offers generated subscriptions are of. The ids
// are made up in the form new commerce offers have; none is a real offer.
var generatedOffers = []struct{ id, name string }{
	{"CFQ7TTC0GEN1:0001", "Microsoft 365 Business Premium"},
	{"CFQ7TTC0GEN2:0001", "Microsoft Entra ID P1"},
	{"CFQ7TTC0GEN3:0001", "Windows 10/11 Enterprise E5"},
	{"CFQ7TTC0GEN4:0001", "Microsoft Teams Premium"},
}

// generatedStatuses cycle over every status Microsoft documents but none,
// mostly active, and one it does not, as Partner Center may add.
var generatedStatuses = []string{"active", "active", "active", "active", "suspended", "expired", "pending", "disabled", "deleted", "active", "active", "migrated"}

// generatedSubscription is subscription k (from 1) of the customer, as
// the subscriptions list shows it: the statuses above in turn; terms of a
// month billed monthly, a year billed annually or a year billed monthly,
// started within the last term, so that the commitment end (inclusive, as
// in new commerce) is near; auto-renewal off for one in four; the seven
// days' cancellation window of new commerce; every 17th a trial; and every
// 6th an add-on of the subscription before it.
func generatedSubscription(customerID string, k int, today time.Time) json.RawMessage {
	h := fnv.New32a()
	_, _ = h.Write([]byte(strings.ToLower(customerID))) // a hash never fails
	seed := int(h.Sum32()%1000) + k
	id := generatedID("subscriptions/" + strings.ToLower(customerID) + "/" + strconv.Itoa(k))
	offer := generatedOffers[seed%len(generatedOffers)]
	status := generatedStatuses[(k-1)%len(generatedStatuses)]
	term, cycle, months := "P1M", "monthly", 1
	switch seed % 3 {
	case 1:
		term, cycle, months = "P1Y", "annual", 12
	case 2:
		term, cycle, months = "P1Y", "monthly", 12
	}
	trial := k%17 == 0
	if trial {
		term, cycle, months = "P1M", "none", 1
	}
	start := today.AddDate(0, 0, -(seed*7)%(months*30))
	end := start.AddDate(0, months, -1)
	day := func(t time.Time) string { return t.Format("2006-01-02T15:04:05Z") }
	sub := map[string]any{
		"id":                           id,
		"offerId":                      offer.id + ":" + term,
		"offerName":                    offer.name,
		"friendlyName":                 offer.name,
		"quantity":                     1 + (seed*3)%50,
		"unitType":                     "Licenses",
		"hasPurchasableAddons":         k%6 == 5,
		"creationDate":                 day(start.AddDate(0, -months*(seed%3), 0)),
		"effectiveStartDate":           day(start),
		"commitmentEndDate":            day(end),
		"cancellationAllowedUntilDate": day(start.AddDate(0, 0, 7)),
		"status":                       status,
		"autoRenewEnabled":             !trial && seed%4 != 0,
		"isTrial":                      trial,
		"billingType":                  "license",
		"billingCycle":                 cycle,
		"termDuration":                 term,
		"isMicrosoftProduct":           true,
		"publisherName":                "Microsoft Corporation",
		"actions":                      []string{"edit", "cancel"},
		"orderId":                      generatedID("orders/" + id),
		"links": map[string]any{"self": link{URI: "/customers/" + customerID + "/subscriptions/" + id,
			Method: http.MethodGet, Headers: []header{}}},
		"attributes": map[string]any{"etag": strconv.Itoa(seed), "objectType": "Subscription"},
	}
	if k > 1 && k%6 == 0 {
		sub["parentSubscriptionId"] = generatedID("subscriptions/" + strings.ToLower(customerID) + "/" + strconv.Itoa(k-1))
	}
	if status == "suspended" {
		sub["suspensionReasons"] = []string{"CustomerCancellation"}
	}
	b, _ := json.Marshal(sub) // maps of plain values always marshal
	return b
}

// customerSubscriptions is a customer's subscriptions list: the held ones,
// then gen generated ones.
type customerSubscriptions struct {
	customerID string
	held       []json.RawMessage
	gen        int
}

func (s customerSubscriptions) len() int { return len(s.held) + s.gen }

func (s customerSubscriptions) page(start, end int) []json.RawMessage {
	out := make([]json.RawMessage, 0, end-start)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for i := start; i < end; i++ {
		if i < len(s.held) {
			out = append(out, s.held[i])
		} else {
			out = append(out, generatedSubscription(s.customerID, i-len(s.held)+1, today))
		}
	}
	return out
}
