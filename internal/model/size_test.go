package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ItemSize follows DynamoDB's published rules, checked here on examples
// worked by hand from them.
func TestItemSizeFollowsDynamoDBRules(t *testing.T) {
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	for _, tc := range []struct {
		name string
		item map[string]types.AttributeValue
		want int
	}{
		// The example of the DynamoDB developer guide (service quotas).
		{"guide example", map[string]types.AttributeValue{"shirt-color": s("R"), "shirt-size": s("M")}, 23},
		{"empty string", map[string]types.AttributeValue{"a": s("")}, 1},
		{"utf-8 bytes", map[string]types.AttributeValue{"é": s("日本")}, 2 + 6},
		// Numbers: one byte per pair of digits, pairs counted from the
		// decimal point, plus one, plus one for a negative number;
		// leading and trailing zeros do not count. (The guide says
		// "approximately one byte per two significant digits"; these
		// are the sizes DynamoDB Local charges, see internal/itemsize.)
		{"number 1", map[string]types.AttributeValue{"n": n("1")}, 1 + 2},
		{"number 12", map[string]types.AttributeValue{"n": n("12")}, 1 + 2},
		{"number 123", map[string]types.AttributeValue{"n": n("123")}, 1 + 3},
		{"number 1000", map[string]types.AttributeValue{"n": n("1000")}, 1 + 2},
		{"number 0.001", map[string]types.AttributeValue{"n": n("0.001")}, 1 + 2},
		{"number -12.5", map[string]types.AttributeValue{"n": n("-12.5")}, 1 + 4},
		{"number 0", map[string]types.AttributeValue{"n": n("0")}, 1 + 1},
		{"number 1.5E+10", map[string]types.AttributeValue{"n": n("1.5E+10")}, 1 + 3},
		{"38 digits", map[string]types.AttributeValue{"n": n(strings.Repeat("9", 38))}, 1 + 20},
		{"binary", map[string]types.AttributeValue{"b": &types.AttributeValueMemberB{Value: make([]byte, 10)}}, 1 + 10},
		{"bool and null", map[string]types.AttributeValue{"t": &types.AttributeValueMemberBOOL{}, "u": &types.AttributeValueMemberNULL{Value: true}}, 2 + 2},
		{"sets", map[string]types.AttributeValue{
			"ss": &types.AttributeValueMemberSS{Value: []string{"ab", "c"}},
			"ns": &types.AttributeValueMemberNS{Value: []string{"1", "123"}},
			"bs": &types.AttributeValueMemberBS{Value: [][]byte{{1, 2}, {3}}},
		}, 2 + 3 + 2 + (2 + 3) + 2 + 3},
		// Lists and maps: 3 bytes plus one per element, nested names
		// counted.
		{"empty list and map", map[string]types.AttributeValue{"l": &types.AttributeValueMemberL{}, "m": &types.AttributeValueMemberM{}}, 1 + 3 + 1 + 3},
		{"nested", map[string]types.AttributeValue{"m": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"ab": s("xyz"),
			"l":  &types.AttributeValueMemberL{Value: []types.AttributeValue{s("q"), n("10")}},
		}}}, 1 + 3 + (2 + 3 + 1) + (1 + 3 + (1 + 1) + (2 + 1) + 1)},
	} {
		if got := ItemSize(tc.item); got != tc.want {
			t.Errorf("%s: ItemSize = %d, want %d", tc.name, got, tc.want)
		}
	}
}

type sizedItem struct {
	ID   string `ddb:"pk" dynamodbav:"id"`
	Body string `dynamodbav:"b"`
}

// The limit is exact: an item of exactly 400 KB is accepted, one byte more
// is a *SizeError naming the item's size, from EncodeItem and PutInput
// alike.
func TestItemSizeLimitIsExact(t *testing.T) {
	m, err := Register[sizedItem]()
	if err != nil {
		t.Fatal(err)
	}
	tbl := &Table{Meta: m, Name: "t"}
	// id="k" (2 + 1) + b (1 + len) + _v=1 (2 + 2)
	fixed := 3 + 1 + 4
	for _, extra := range []int{0, 1} {
		in := &sizedItem{ID: "k", Body: strings.Repeat("x", MaxItemBytes-fixed+extra)}
		_, errEncode := m.EncodeItem("t", in)
		_, errPut := tbl.PutInput(in, WriteOpts{}, false)
		for _, err := range []error{errEncode, errPut} {
			var se *SizeError
			switch {
			case extra == 0 && err != nil:
				t.Fatalf("an item of exactly %d bytes was refused: %v", MaxItemBytes, err)
			case extra == 1 && (!errors.Is(err, ErrItemTooLarge) || !errors.As(err, &se) || se.Size != MaxItemBytes+1):
				t.Fatalf("an item of %d bytes: err = %v, want a *SizeError of that size", MaxItemBytes+1, err)
			}
		}
	}
}

// Numbers are sized as DynamoDB sizes them: base-100 digits paired from the
// decimal point, and a byte for the sign (measured on DynamoDB Local). A
// count of significant digits alone makes 1.5 and -1 a byte too small.
func TestItemSizeNumbers(t *testing.T) {
	cases := map[string]int{"15": 3, "1.5": 4, "0.5": 3, "-1": 4, "-1.5": 5, "101": 4}
	for text, want := range cases {
		item := map[string]types.AttributeValue{"n": &types.AttributeValueMemberN{Value: text}}
		if got := ItemSize(item); got != want {
			t.Errorf("ItemSize(n=%s) = %d, want %d", text, got, want)
		}
	}
}
