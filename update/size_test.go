package update_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/update"
)

// TestOversizedUpdatesAreRefusedBeforeSending: a value that alone is over
// the 400 KB item limit, values that together are, and expression values
// over DynamoDB's 2 MB are refused with typed errors, and nothing is sent.
func TestOversizedUpdatesAreRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	tbl, c := accounts(t)
	seed(t, tbl, "a1")
	big := strings.Repeat("x", entity.MaxItemBytes)
	half := strings.Repeat("y", entity.MaxItemBytes/2)
	third := strings.Repeat("z", entity.MaxItemBytes/3)
	events := func(notes ...string) []Event {
		var out []Event
		for _, n := range notes {
			out = append(out, Event{Kind: n})
		}
		return out
	}
	cases := []struct {
		name string
		u    *update.Update[Account]
		want error
	}{
		{"one value over 400 KB", update.New(tbl, key("a1")).Set(cond.Name("note"), big), entity.ErrItemTooLarge},
		{"one nested value over 400 KB", update.New(tbl, key("a1")).Set(cond.Name("address").Field("city"), big), entity.ErrItemTooLarge},
		{"an append over 400 KB", update.New(tbl, key("a1")).Append(cond.Name("events"), events(half, half)), entity.ErrItemTooLarge},
		{"values over 400 KB together", update.New(tbl, key("a1")).Set(cond.Name("note"), half).Set(cond.Name("name"), half), entity.ErrItemTooLarge},
		{"condition values over 2 MB", update.New(tbl, key("a1")).Set(cond.Name("orders"), 2).
			If(cond.Name("note").In(big, big+"1", big+"2", big+"3", big+"4", big+"5")), wantRule(update.RuleTooComplex)},
	}
	for _, tc := range cases {
		before := c.updates.Load()
		_, err := tc.u.Run(ctx)
		if !matches(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		var se *entity.SizeError
		if tc.want == entity.ErrItemTooLarge && (!errors.As(err, &se) || se.Size <= entity.MaxItemBytes || se.Limit != entity.MaxItemBytes) {
			t.Errorf("%s: %v, want a *entity.SizeError", tc.name, err)
		}
		if d := c.updates.Load() - before; d != 0 {
			t.Errorf("%s: %d requests sent", tc.name, d)
		}
	}

	// What fits is sent: values that replace what they overwrite are
	// counted once, a SetIfNotExists (which may keep the stored value) and
	// the caller's condition not at all.
	if _, err := update.New(tbl, key("a1")).Set(cond.Name("note"), half).SetIfNotExists(cond.Name("name"), third).
		If(cond.Name("name").Ne(half)).Run(ctx); err != nil {
		t.Fatalf("an update within the limits: %v", err)
	}
}
