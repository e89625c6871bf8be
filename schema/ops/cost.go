package ops

import (
	"context"
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema/cost"
)

func costCommand() *command {
	return &command{
		name:     "cost",
		synopsis: "[--table NAME]... [--entity NAME]... [--rate ENTITY.FIELD=VALUE]... [prices] [--json]",
		summary:  "what each entity costs, from the models (no requests)",
		detail: `Reports, per entity and from its model alone, the item's size, its entries
in each index (and what KEYS_ONLY would save), the write units of puts,
deletes and typical updates on the table and each index, the read units of
gets and query pages, and, given request rates and prices, the monthly cost.
Items are the configured samples, or assumed sizes. Sends no request.

Rates are per entity: --rate Ticket.puts=10 --rate Ticket.items=5e6. The
fields are those of cost.Rates: puts, updates, deletes, gets, strongGets,
queries, queryIndex, transactional, items. Prices are inputs; the monthly
cost is reported for entities with a rate when a billing mode or a price
is given.`,
		flags: func(r *runner, fs *flag.FlagSet) runFunc {
			var tables, entities, rates listFlag
			fs.Var(&tables, "table", "only the entities of this `table` (repeatable)")
			fs.Var(&entities, "entity", "only this `entity` (repeatable)")
			fs.Var(&rates, "rate", "an entity's request rate or item count, as `ENTITY.FIELD=VALUE` (repeatable)")
			prices := r.cfg.Prices
			fs.Func("billing", "price with billing `mode` on-demand or provisioned (default: the table's)", func(s string) error {
				if b := cost.Billing(s); b != cost.OnDemand && b != cost.Provisioned {
					return fmt.Errorf("want %s or %s", cost.OnDemand, cost.Provisioned)
				}
				prices.Billing = cost.Billing(s)
				return nil
			})
			priceFlag(fs, &prices.PerMillionWrites, "per-million-writes", "on-demand `price` of a million write request units")
			priceFlag(fs, &prices.PerMillionReads, "per-million-reads", "on-demand `price` of a million read request units")
			priceFlag(fs, &prices.PerWCUHour, "per-wcu-hour", "provisioned `price` of a write capacity unit per hour")
			priceFlag(fs, &prices.PerRCUHour, "per-rcu-hour", "provisioned `price` of a read capacity unit per hour")
			priceFlag(fs, &prices.PerGBMonth, "per-gb-month", "`price` of a GB stored for a month")
			queryItems := fs.Int("query-items", 0, "price query pages of `n` items (default 100)")
			asJSON := fs.Bool("json", false, "print the reports as JSON")
			return func(ctx context.Context, args []string) (int, error) {
				if len(args) > 0 {
					return ExitUsage, usagef("unexpected argument %q", args[0])
				}
				if *queryItems < 0 {
					return ExitUsage, usagef("--query-items %d: want a positive number", *queryItems)
				}
				sel, err := r.selectTables(tables)
				if err != nil {
					return ExitUsage, err
				}
				overrides, err := r.parseRates(rates)
				if err != nil {
					return ExitUsage, err
				}
				if len(overrides) > 0 && prices == (cost.Prices{}) {
					return ExitUsage, usagef("--rate needs prices: --billing and the --per-… flags, or Config.Prices")
				}
				return r.cost(sel, entities, overrides, prices, *queryItems, *asJSON)
			}
		},
	}
}

func priceFlag(fs *flag.FlagSet, p *float64, name, usage string) {
	fs.Func(name, usage, func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return fmt.Errorf("want a price of 0 or more")
		}
		*p = v
		return nil
	})
}

// rateSetter sets one field of an entity's rates.
type rateSetter func(*cost.Rates)

// parseRates reads --rate ENTITY.FIELD=VALUE flags.
func (r *runner) parseRates(flags []string) (map[string][]rateSetter, error) {
	known := map[string]bool{}
	for _, t := range r.cfg.Tables {
		for _, m := range t.Metas {
			known[m.TypeName()] = true
		}
	}
	out := map[string][]rateSetter{}
	for _, f := range flags {
		key, value, ok := strings.Cut(f, "=")
		dot := strings.LastIndex(key, ".")
		if !ok || dot <= 0 {
			return nil, usagef("--rate %s: want ENTITY.FIELD=VALUE", f)
		}
		ent, field := key[:dot], key[dot+1:]
		if !known[ent] {
			return nil, usagef("--rate %s: unknown entity %q", f, ent)
		}
		set, err := rateField(field, value)
		if err != nil {
			return nil, usagef("--rate %s: %v", f, err)
		}
		out[ent] = append(out[ent], set)
	}
	return out, nil
}

// rateField parses the value of one field of cost.Rates, named as in its
// JSON form.
func rateField(field, value string) (rateSetter, error) {
	switch strings.ToLower(field) {
	case "queryindex":
		return func(r *cost.Rates) { r.QueryIndex = value }, nil
	case "transactional":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return nil, fmt.Errorf("want true or false")
		}
		return func(r *cost.Rates) { r.Transactional = b }, nil
	}
	v, err := strconv.ParseFloat(value, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, fmt.Errorf("want a number of 0 or more")
	}
	var set func(*cost.Rates, float64)
	switch strings.ToLower(field) {
	case "puts":
		set = func(r *cost.Rates, v float64) { r.Puts = v }
	case "updates":
		set = func(r *cost.Rates, v float64) { r.Updates = v }
	case "deletes":
		set = func(r *cost.Rates, v float64) { r.Deletes = v }
	case "gets":
		set = func(r *cost.Rates, v float64) { r.Gets = v }
	case "stronggets":
		set = func(r *cost.Rates, v float64) { r.StrongGets = v }
	case "queries":
		set = func(r *cost.Rates, v float64) { r.Queries = v }
	case "items":
		set = func(r *cost.Rates, v float64) { r.Items = v }
	default:
		return nil, fmt.Errorf("unknown field %q (puts, updates, deletes, gets, strongGets, queries, queryIndex, transactional, items)", field)
	}
	return func(r *cost.Rates) { set(r, v) }, nil
}

// costOutput is cost's JSON document.
type costOutput struct {
	Reports []*cost.Report `json:"reports"`
	// MonthlyTotal sums the monthly cost of the reports that have one.
	MonthlyTotal *float64 `json:"monthlyTotal,omitempty"`
}

func (r *runner) cost(tables []Table, entities []string, overrides map[string][]rateSetter, prices cost.Prices, queryItems int, asJSON bool) (int, error) {
	for _, e := range entities {
		if !slices.ContainsFunc(tables, func(t Table) bool {
			return slices.ContainsFunc(t.Metas, func(m *entity.Meta) bool { return m.TypeName() == e })
		}) {
			return ExitUsage, usagef("unknown entity %q", e)
		}
	}
	var reports []*cost.Report
	for _, t := range tables {
		for _, m := range t.Metas {
			if len(entities) > 0 && !slices.Contains(entities, m.TypeName()) {
				continue
			}
			rep, err := r.estimate(t, m, overrides[m.TypeName()], prices, queryItems)
			if err != nil {
				return ExitError, err
			}
			reports = append(reports, rep)
		}
	}
	var total *float64
	for _, rep := range reports {
		if rep.Monthly != nil {
			sum := rep.Monthly.Total
			if total != nil {
				sum += *total
			}
			total = &sum
		}
	}
	if asJSON {
		if reports == nil {
			reports = []*cost.Report{} // [] rather than null
		}
		if err := writeJSON(r.stdout, costOutput{Reports: reports, MonthlyTotal: total}); err != nil {
			return ExitError, err
		}
		return ExitOK, nil
	}
	for i, rep := range reports {
		if i > 0 {
			fmt.Fprintln(r.stdout)
		}
		fmt.Fprint(r.stdout, rep.String())
	}
	if total != nil && len(reports) > 1 {
		fmt.Fprintf(r.stdout, "\nmonthly total: %s\n", strconv.FormatFloat(*total, 'f', 2, 64))
	}
	return ExitOK, nil
}

// estimate builds one entity's report from its configured inputs, the
// --rate flags and the prices.
func (r *runner) estimate(t Table, m *entity.Meta, overrides []rateSetter, prices cost.Prices, queryItems int) (*cost.Report, error) {
	var in Cost
	if i := slices.IndexFunc(r.cfg.Costs, func(c Cost) bool { return c.Meta == m }); i >= 0 {
		in = r.cfg.Costs[i]
	}
	rates := in.Rates
	for _, set := range overrides {
		set(&rates)
	}
	opts := slices.Clone(in.Options)
	if queryItems > 0 {
		opts = append(opts, cost.WithQueryItems(queryItems))
	}
	if rates != (cost.Rates{}) && prices != (cost.Prices{}) {
		if prices.Billing == "" {
			prices.Billing = cost.OnDemand
			if t.Settings.Provisioned != nil {
				prices.Billing = cost.Provisioned
			}
		}
		opts = append(opts, cost.WithMonthly(rates, prices))
	}
	var rep *cost.Report
	var err error
	switch {
	case in.Sample != nil:
		rep, err = cost.Estimate(m, in.Sample, opts...)
	case in.Sizes != nil:
		rep, err = cost.EstimateSizes(m, in.Sizes, opts...)
	default:
		rep, err = cost.EstimateSizes(m, cost.DefaultSizes(m), opts...)
	}
	if err != nil {
		return nil, err
	}
	// The report names the table the command manages, not the model's
	// table= name.
	rep.Table = t.Name
	return rep, nil
}
