package provider

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The chunked read of the guide "Check seats across every customer"
// (examples/every-customer-chunked), applied as written: one
// partnercenter_customers, one partnercenter_subscribed_skus_by_customer per
// chunk of its ids, the chunks merged. Seven customers in chunks of three.
// The guide's check calls seat_shortfalls, so these need Terraform 1.8.

const guideChunkSize = 3

// guideChunkVariables are the chunked example's variables for these tests:
// chunks of three, and the seats of the first example's plan.
func guideChunkVariables(seatsPerCustomer int) config.Variables {
	return config.Variables{
		"chunk_size":         config.IntegerVariable(guideChunkSize),
		"seats_per_customer": config.IntegerVariable(seatsPerCustomer),
	}
}

// Every customer is in exactly one chunk, in the order Partner Center lists
// them, and the merged chunks hold what the guide's unchunked read of the
// same customers holds. The requests are the unchunked read's: per
// terraform command, the customers list once and each customer once.
func TestAccChunkedReadOfTheGuide(t *testing.T) {
	// Generated SKUs, whose seats differ from customer to customer, so a
	// customer merged under another's id would show; some have none free,
	// so the check assigns no seats and passes.
	fixture := &emulator.Fixture{Customers: emulator.GeneratedCustomersWith(7, emulator.SkuShape{Skus: 3})}
	ids := generatedIDs(0, 7)

	var single bulkReads
	useEmulatorFromEnvironment(t, fixture)
	testFunctionStepsAlone(t, resource.TestStep{
		Config:            readExamples(t, "every-customer"),
		ConfigVariables:   config.Variables{"seats_per_customer": config.IntegerVariable(0)},
		ConfigStateChecks: []statecheck.StateCheck{&single, checkBlockStatus{name: "seats_across_every_customer", status: "pass"}},
	})

	var chunked bulkReads
	em := useEmulatorFromEnvironment(t, fixture)
	testFunctionStepsAlone(t, resource.TestStep{
		Config:            readExamples(t, "every-customer-chunked"),
		ConfigVariables:   guideChunkVariables(0),
		ConfigStateChecks: []statecheck.StateCheck{&chunked, checkBlockStatus{name: "seats_across_every_customer", status: "pass"}},
	})

	want := single.units["data."+byCustomerType+".all"]
	if len(single.units) != 1 || len(want) != len(ids) {
		t.Fatalf("the unchunked read: %d data sources with %d customers, want 1 with %d", len(single.units), len(want), len(ids))
	}
	if len(chunked.units) != 3 {
		t.Errorf("%d chunks read, want 3 (7 customers in chunks of %d): %v", len(chunked.units), guideChunkSize, slices.Sorted(maps.Keys(chunked.units)))
	}
	merged := map[string]any{}
	for i := 0; i*guideChunkSize < len(ids); i++ {
		address := fmt.Sprintf("data.%s.chunk[%d]", byCustomerType, i)
		chunk := chunked.units[address]
		inChunk := ids[i*guideChunkSize : min((i+1)*guideChunkSize, len(ids))]
		if got := slices.Sorted(maps.Keys(chunk)); !slices.Equal(got, inChunk) {
			t.Errorf("%s read %v, want %v", address, got, inChunk)
		}
		for id, seats := range chunk {
			if _, twice := merged[id]; twice {
				t.Errorf("customer %s is in more than one chunk", id)
			}
			merged[id] = seats
		}
	}
	if !reflect.DeepEqual(merged, want) {
		t.Errorf("the chunks merged hold\n%v\nthe unchunked read\n%v", merged, want)
	}
	if len(chunked.freeSeats) != len(ids) || !reflect.DeepEqual(chunked.freeSeats, single.freeSeats) {
		t.Errorf("free_seats chunked %v, unchunked %v", chunked.freeSeats, single.freeSeats)
	}

	lists, reads := 0, map[string]int{}
	for _, r := range em.Requests() {
		switch p := r.EscapedPath; {
		case p == "/v1/customers":
			lists++
		case strings.HasPrefix(p, "/v1/customers/") && strings.HasSuffix(p, "/subscribedskus"):
			reads[strings.TrimSuffix(strings.TrimPrefix(p, "/v1/customers/"), "/subscribedskus")]++
		default:
			t.Errorf("unexpected request %s %s", r.Method, p)
		}
	}
	if lists == 0 {
		t.Fatal("the customers were never listed")
	}
	if len(reads) != len(ids) {
		t.Errorf("%d customers read, want %d", len(reads), len(ids))
	}
	for _, id := range ids {
		if reads[id] != lists {
			t.Errorf("customer %s read %d times over %d customers lists, want once a list (once a terraform command)", id, reads[id], lists)
		}
	}
}

// A customer that could not be read is in its chunk's failed_customers, and
// the guide's check merges every chunk's: one in the second chunk fails it.
func TestAccChunkedReadOfTheGuideMergesFailedCustomers(t *testing.T) {
	fixture := &emulator.Fixture{Customers: emulator.GeneratedCustomers(7)}
	fixture.Customers[4].NoRelationship = true
	revoked := fixture.Customers[4].ID
	useEmulatorFromEnvironment(t, fixture)
	testFunctionStepsAlone(t, resource.TestStep{
		Config:          readExamples(t, "every-customer-chunked"),
		ConfigVariables: guideChunkVariables(10),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("free_seats", knownvalue.MapSizeExact(6)),
			checkBlockStatus{name: "seats_across_every_customer", status: "fail", message: "Customers whose seats could not be read: " + revoked},
		},
	})
}

// bulkReads records, from the state after a step, the available_units of
// every partnercenter_subscribed_skus_by_customer by address, and the
// output free_seats.
type bulkReads struct {
	units     map[string]map[string]any
	freeSeats map[string]any
}

var _ statecheck.StateCheck = (*bulkReads)(nil)

func (b *bulkReads) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state to read the bulk reads from")
		return
	}
	b.units = map[string]map[string]any{}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Type != byCustomerType {
			continue
		}
		units, ok := r.AttributeValues["available_units"].(map[string]any)
		if !ok {
			resp.Error = fmt.Errorf("%s has no available_units map: %v", r.Address, r.AttributeValues["available_units"])
			return
		}
		b.units[r.Address] = units
	}
	out, ok := req.State.Values.Outputs["free_seats"]
	if !ok {
		resp.Error = fmt.Errorf("no output free_seats")
		return
	}
	if b.freeSeats, ok = out.Value.(map[string]any); !ok {
		resp.Error = fmt.Errorf("output free_seats is %T, not a map", out.Value)
	}
}
