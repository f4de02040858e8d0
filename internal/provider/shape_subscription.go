package provider

import (
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The subscription shape: one of a customer's subscriptions, with its
// term, renewal and cancellation window, and the statuses filter both
// subscription reads share.

// dateNote ends the description of every date.
const dateNote = " An RFC 3339 timestamp in UTC, as `timecmp` and `plantimestamp()` expect; null when Partner Center " +
	"leaves it out."

func subscriptionObject() schema.NestedAttributeObject {
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"id":            computedString("The subscription id."),
			"offer_id":      computedString("The offer id, e.g. `CFQ7TTC0LH18:0001:P1Y`. Not a product SKU id: nothing in it joins a subscription to a subscribed SKU."),
			"offer_name":    computedString("The offer's name."),
			"friendly_name": computedString("The name the partner gave the subscription."),
			"quantity":      computedInt64("The seats (licences) bought, for licence-based billing."),
			"unit_type":     computedString("What `quantity` counts, e.g. `Licenses`." + openTextNote),
			"status": computedString("The subscription's status as Partner Center spells it. Microsoft documents `none`, `active`, " +
				"`pending`, `suspended`, `expired`, `disabled` and `deleted`." + openTextNote),
			"auto_renew_enabled":   schema.BoolAttribute{MarkdownDescription: "Whether the subscription renews itself at `commitment_end_date`.", Computed: true},
			"billing_type":         computedString("How the subscription is billed, e.g. `license` or `usage`." + openTextNote),
			"billing_cycle":        computedString("How often the partner is billed, e.g. `monthly` or `annual`." + openTextNote),
			"term_duration":        computedString("The term as an ISO 8601 duration, e.g. `P1M` or `P1Y`."),
			"creation_date":        computedString("When the subscription was created." + dateNote),
			"effective_start_date": computedString("When the current term started." + dateNote),
			"commitment_end_date": computedString("When the current term ends. In new commerce the end date is inclusive: the term " +
				"ends at the end of that day. For a subscription that does not renew automatically Partner Center may give a date " +
				"far in the future." + dateNote),
			"cancellation_allowed_until_date": computedString("The last moment the subscription can be cancelled (or its seats " +
				"reduced) in this term; null when it cannot be cancelled." + dateNote),
			"is_trial":               schema.BoolAttribute{MarkdownDescription: "Whether the subscription is a trial.", Computed: true},
			"parent_subscription_id": computedString("For an add-on, the subscription it was bought for; null otherwise."),
			"partner_id":             computedString("The indirect reseller's partner id, where there is one."),
			"suspension_reasons": schema.ListAttribute{MarkdownDescription: "Why the subscription is suspended, as Partner " +
				"Center words it; null when it sends none.", ElementType: types.StringType, Computed: true},
		},
	})
}

// subscriptionType is derived from the schema, so the two cannot drift.
var subscriptionType = subscriptionObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

func (v *values) subscription(s client.Subscription) types.Object {
	reasons := types.ListNull(types.StringType)
	if s.SuspensionReasons != nil {
		reasons = v.list(types.StringType, stringElems(s.SuspensionReasons))
	}
	return v.object(subscriptionType, map[string]attr.Value{
		"id":                              types.StringPointerValue(s.ID),
		"offer_id":                        types.StringPointerValue(s.OfferID),
		"offer_name":                      types.StringPointerValue(s.OfferName),
		"friendly_name":                   types.StringPointerValue(s.FriendlyName),
		"quantity":                        types.Int64PointerValue(s.Quantity),
		"unit_type":                       types.StringPointerValue(s.UnitType),
		"status":                          types.StringPointerValue(s.Status),
		"auto_renew_enabled":              types.BoolPointerValue(s.AutoRenewEnabled),
		"billing_type":                    types.StringPointerValue(s.BillingType),
		"billing_cycle":                   types.StringPointerValue(s.BillingCycle),
		"term_duration":                   types.StringPointerValue(s.TermDuration),
		"creation_date":                   types.StringPointerValue(rfc3339(s.CreationDate)),
		"effective_start_date":            types.StringPointerValue(rfc3339(s.EffectiveStartDate)),
		"commitment_end_date":             types.StringPointerValue(rfc3339(s.CommitmentEndDate)),
		"cancellation_allowed_until_date": types.StringPointerValue(rfc3339(s.CancellationAllowedUntilDate)),
		"is_trial":                        types.BoolPointerValue(s.IsTrial),
		"parent_subscription_id":          types.StringPointerValue(s.ParentSubscriptionID),
		"partner_id":                      types.StringPointerValue(s.PartnerID),
		"suspension_reasons":              reasons,
	})
}

// zonelessLayouts are the forms of a date Partner Center has been seen to
// send without a zone: the Subscription resource documents its dates as
// UTC, so such a date is read as UTC (docs/development/partner-center-api.md,
// "A customer's subscriptions").
var zonelessLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02"}

// rfc3339 turns a date as Partner Center sends it ("2019-02-04T00:00:00Z",
// seven fractional digits, or no zone at all) into RFC 3339 in UTC, which
// Terraform's timecmp and timeadd take. A value it cannot read as a date
// is returned as sent: a gate's timecmp then fails on it loudly, where a
// null would let the gate pass in silence.
func rfc3339(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	raw := strings.TrimSpace(*s)
	t, err := time.Parse(time.RFC3339Nano, raw)
	for _, layout := range zonelessLayouts {
		if err == nil {
			break
		}
		t, err = time.ParseInLocation(layout, raw, time.UTC)
	}
	if err != nil {
		return s
	}
	out := t.UTC().Format(time.RFC3339Nano)
	return &out
}

// statusFilter keeps the subscriptions whose status is among the given
// ones, in any case; an empty filter keeps all.
type statusFilter map[string]bool

func newStatusFilter(statuses []string) statusFilter {
	f := make(statusFilter, len(statuses))
	for _, s := range statuses {
		f[strings.ToLower(s)] = true
	}
	return f
}

func (f statusFilter) apply(items []client.Subscription) []client.Subscription {
	if len(f) == 0 {
		return items
	}
	kept := make([]client.Subscription, 0, len(items))
	for _, s := range items {
		if s.Status != nil && f[strings.ToLower(*s.Status)] {
			kept = append(kept, s)
		}
	}
	return kept
}

// idSuffix names the statuses kept in a data source's id, sorted and in
// lower case, so equal filters give equal ids.
func (f statusFilter) idSuffix() string {
	if len(f) == 0 {
		return ""
	}
	names := make([]string, 0, len(f))
	for s := range f {
		names = append(names, s)
	}
	sort.Strings(names)
	return " statuses " + strings.Join(names, ",")
}

// statusesAttribute is the statuses argument both subscription reads take.
func statusesAttribute() schema.SetAttribute {
	return schema.SetAttribute{
		MarkdownDescription: "Keep only the subscriptions with these statuses, in any case, e.g. `[\"active\"]`. Statuses " +
			"are open text: a status outside Microsoft's list (`none`, `active`, `pending`, `suspended`, `expired`, " +
			"`disabled`, `deleted`) is matched like any other. **When omitted, every subscription is kept.**",
		ElementType: types.StringType,
		Optional:    true,
		Validators: []validator.Set{setvalidator.SizeAtLeast(1),
			setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
	}
}

func subscriptionElems(v *values, items []client.Subscription) []attr.Value {
	elems := make([]attr.Value, len(items))
	for i, s := range items {
		elems[i] = v.subscription(s)
	}
	return elems
}
