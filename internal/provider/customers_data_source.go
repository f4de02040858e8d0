package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// NewCustomersDataSource lists the partner's customers.
var NewCustomersDataSource = newDataSource(dataSourceSpec[customersModel]{
	name:     "customers",
	summary:  "Unable to List Customers",
	hints:    customersHints,
	schema:   customersSchema,
	validate: validateCustomers,
	read:     readCustomers,
})

var customersHints = readHints{
	notFound: "Partner Center has no customers list at this endpoint.",
	rolesSource: "Listing customers is a partner-level call: it needs no GDAP relationship but one of the Partner Center " +
		"roles Admin agent, Sales agent or Helpdesk agent in your partner tenant, and it works with app-only tokens " +
		"(`auth_method = \"client_credentials\"`), whose Entra app holds the role, as well as App+User ones.",
	partnerRoles: []string{"Admin agent", "Sales agent", "Helpdesk agent"},
	list:         "the customers list",
}

type customersModel struct {
	ID                types.String `tfsdk:"id"`
	CompanyNamePrefix types.String `tfsdk:"company_name_prefix"`
	DomainPrefix      types.String `tfsdk:"domain_prefix"`
	TotalCount        types.Int64  `tfsdk:"total_count"`
	CustomerIDs       types.List   `tfsdk:"customer_ids"`
	Customers         types.List   `tfsdk:"customers"`
}

func customersSchema() schema.Schema {
	prefix := func(field, example, more string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: "Keep only the customers whose " + field + " starts with this, in any case, e.g. `" + example +
				"`. Partner Center filters (`starts_with`), so only matching customers are sent." + more + " Not with `" +
				map[string]string{"company name": "domain_prefix", "default domain": "company_name_prefix"}[field] + "`.",
			Optional:   true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	return schema.Schema{
		MarkdownDescription: "Lists the customers of your partner tenant, from Partner Center's `GET /v1/customers`, " +
			"following every page (Partner Center answers at most 500 a page). A next page answered with HTTP 400 and code " +
			"2000 (a continuation token no longer valid), which Partner Center has been seen to send after the last page, " +
			"ends the list, as it does for Microsoft's own tools. Feed `customer_ids` to " +
			"`partnercenter_subscribed_skus_by_customer`, or leave that data source's `customer_ids` out to read them all.\n\n" +
			"Only customers your partner tenant resells to or advises are listed. A tenant you reach only through GDAP, " +
			"without a reseller or advisor relationship, is not, and Partner Center answers its per-customer reads with " +
			"HTTP 403 and code 20002 (no commerce relationship): read such a tenant's licences through Microsoft Graph " +
			"(`subscribedSkus`) under GDAP instead.",
		Attributes: map[string]schema.Attribute{
			"id":                  idAttribute("the filter"),
			"company_name_prefix": prefix("company name", "Contoso", ""),
			"domain_prefix": prefix("default domain", "contoso.", " Partner Center matches each customer's default domain "+
				"only (`contoso.onmicrosoft.com`), never its custom domains: `fabrikam.com` finds nothing even when a customer "+
				"owns it (a warning says so). Find such a customer by `company_name_prefix`, or by its tenant id."),
			"total_count": schema.Int64Attribute{
				MarkdownDescription: "The number of customers returned, across all pages. (Partner Center's own " +
					"`totalCount` counts one page.)",
				Computed: true,
			},
			"customer_ids": schema.ListAttribute{
				MarkdownDescription: "The customers' ids, in Partner Center's order. A customer Partner Center lists without an id has a null " +
					"entry in its place, and its `id` in `customers` is null; the read warns, naming such customers by domain.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"customers": schema.ListNestedAttribute{
				MarkdownDescription: "The customers, in the same order as `customer_ids`. Empty when none match.",
				Computed:            true,
				NestedObject:        customerObject(),
			},
		},
	}
}

// validateCustomers refuses both filters at once, naming both; a value not
// yet known is checked when the read runs.
func validateCustomers(_ context.Context, data *customersModel, diags *diag.Diagnostics) {
	if !data.CompanyNamePrefix.IsNull() && !data.DomainPrefix.IsNull() && !data.CompanyNamePrefix.IsUnknown() && !data.DomainPrefix.IsUnknown() {
		diags.AddAttributeError(path.Root("domain_prefix"), "Conflicting Customer Filters",
			"Attributes company_name_prefix and domain_prefix cannot both be set: Partner Center filters the customers "+
				"list on one field at a time. Keep one of them.")
	}
}

func readCustomers(ctx context.Context, call *readCall, data *customersModel) {
	validateCustomers(ctx, data, call.diags)
	if call.diags.HasError() {
		return
	}
	var filter *client.CustomerFilter
	id := "customers"
	switch {
	case !data.CompanyNamePrefix.IsNull():
		filter = &client.CustomerFilter{Field: client.CustomerCompanyName, Prefix: data.CompanyNamePrefix.ValueString()}
		id += "?company_name_prefix=" + filter.Prefix
	case !data.DomainPrefix.IsNull():
		filter = &client.CustomerFilter{Field: client.CustomerDomain, Prefix: data.DomainPrefix.ValueString()}
		id += "?domain_prefix=" + filter.Prefix
	}
	tflog.Debug(ctx, "Listing customers", map[string]any{"filter": id})

	listing, err := call.client(ctx).ListCustomers(ctx, filter)
	if err != nil {
		call.failed(err)
		return
	}
	warnIfListEndedBy2000(call.diags, listing)
	if filter != nil && filter.Field == client.CustomerDomain && len(listing.Items) == 0 {
		warnIfCustomDomain(call.diags, filter.Prefix)
	}
	var withoutID []string
	for _, c := range listing.Items {
		if c.ID == nil {
			name := ""
			if p := c.CompanyProfile.Value; p != nil {
				if name = deref(p.Domain); name == "" {
					name = deref(p.CompanyName)
				}
			}
			withoutID = append(withoutID, name)
		}
	}
	warnListedWithoutIDs(call.diags, "customer", len(listing.Items), withoutID, "domain (or company name)",
		"their id in customers and their entry in customer_ids are null (the other entries keep their places), "+
			"and they cannot be read by id")
	var v values
	data.Customers, data.CustomerIDs = v.customers(listing.Items)
	call.diags.Append(v.diags...)
	data.ID = types.StringValue(id)
	data.TotalCount = types.Int64Value(int64(len(listing.Items)))
}

// warnIfListEndedBy2000 says when the customers list ended with a 400 and
// code 2000 on a next page, which the client takes for its end: Partner
// Center has been seen to end lists that way, but a token that went stale
// midway looks the same, and a gate over every customer should not pass on
// a short list without a word.
func warnIfListEndedBy2000(diags *diag.Diagnostics, listing *client.Listing[client.Customer]) {
	if !listing.EndedByStaleToken {
		return
	}
	diags.AddWarning("Customers List Ended With Code 2000",
		fmt.Sprintf("Partner Center answered the request for page %d of the customers list with HTTP 400 and code 2000 "+
			"(the continuation token is not valid). The provider takes that as the end of the list, as Microsoft's own "+
			"tools do, and read %d customers on %s. Partner Center has been seen to end the list this way, but a "+
			"continuation token that went stale midway looks the same: if you expected more customers, run the plan again.",
			listing.Pages+1, len(listing.Items), countOf(listing.Pages, "page")))
}

// defaultDomainSuffixes end a tenant's default domain, the only domain the
// customers list's Domain filter matches (docs/development/partner-center-api.md,
// "The customers list"): Partner Center's and that of Partner Center
// operated by 21Vianet.
var defaultDomainSuffixes = []string{".onmicrosoft.com", ".partner.onmschina.cn"}

// warnIfCustomDomain warns when a domain prefix that matched nothing looks
// like a custom domain: its part after the first dot cannot begin a
// default domain's suffix, as "fabrikam.com" cannot. "contoso." and
// "contoso.onmicro" could, and a prefix without a dot could be any default
// domain.
func warnIfCustomDomain(diags *diag.Diagnostics, prefix string) {
	dot := strings.Index(prefix, ".")
	if dot < 0 {
		return
	}
	rest := strings.ToLower(prefix[dot:])
	for _, suffix := range defaultDomainSuffixes {
		if strings.HasPrefix(suffix, rest) || strings.HasPrefix(rest, suffix) {
			return
		}
	}
	diags.AddAttributeWarning(path.Root("domain_prefix"), "Domain Prefix Looks Like a Custom Domain",
		fmt.Sprintf("No customer's default domain starts with %q. Partner Center's domain filter matches each customer's "+
			"default domain only (such as contoso.onmicrosoft.com), never the custom domains a customer adds, so a "+
			"customer who owns %s is not found this way. Filter by company_name_prefix instead, or name the customer "+
			"by its tenant id (customer_id, or customer_ids).", prefix, prefix))
}

// countOf is n and noun, in the plural unless n is 1: "1 page", "3 pages".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
