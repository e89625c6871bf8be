package query_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/dynamodel/dynamodel/keys"
	"github.com/dynamodel/dynamodel/query"
)

// A time.Time compared with a time key attribute is encoded in the stored
// layout and matches; a string is sent as given, so it matches only when
// written in that layout (keys.TimeLayout by default), as a BeginsWith
// prefix of it does. An RFC 3339 string of the same instant matches
// nothing: the stored text is fixed-width.
func TestKeyValuesOfATimeAttribute(t *testing.T) {
	tbl, _ := ordersFixture(t)
	ctx := context.Background()
	at := time.Date(2025, 1, 1, 1, 0, 0, 0, time.UTC) // o05 (priority 2), among others
	for _, tc := range []struct {
		name string
		cond query.KeyCondition
		want []string
	}{
		{"a time.Time", query.Attr("createdAt").Eq(at), []string{"o05"}},
		{"the same instant in another zone", query.Attr("createdAt").Eq(at.In(time.FixedZone("X", 3600))), []string{"o05"}},
		{"a string in the stored layout", query.Attr("createdAt").Eq(keys.FormatTime(at)), []string{"o05"}},
		{"a prefix in the stored layout", query.Attr("createdAt").BeginsWith("2025-01-01T01"), []string{"o05"}},
		{"a range of times", query.Attr("createdAt").Between(at, at.Add(time.Hour)), []string{"o04", "o05"}},
		{"an RFC 3339 string matches nothing", query.Attr("createdAt").Eq(at.Format(time.RFC3339)), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := byAssignee(tbl).Where(query.Attr("priority").Eq(2), tc.cond).Page(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(page.Items)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("items %v, want %v", got, tc.want)
			}
		})
	}
}
