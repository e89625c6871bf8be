package itemsize

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Sizes measured on DynamoDB Local 3.3.1: each value was written in an
// item padded to the 1 KB boundary, and the padding at which PutItem's
// ConsumedCapacity went from 1 to 2 WCU gave the value's size.
func TestNumberMeasured(t *testing.T) {
	cases := []struct {
		text string
		size int
	}{
		{"0", 1}, {"-0", 1}, {"0.0", 1},
		{"1", 2}, {"12", 2}, {"99", 2}, {"10", 2}, {"100", 2}, {"1000000", 2}, {"007", 2},
		{"123", 3}, {"1234", 3}, {"101", 3},
		{"1.5", 3}, {"0.5", 2}, {"0.05", 2}, {"0.10", 2}, {"12.5", 3}, {"10.01", 3},
		{"1.0", 2}, {"0.001", 2}, {"0.0015", 2}, {"15e-4", 2},
		{"1500", 2}, {"1.5e3", 2}, {"1e5", 2}, {"1E+125", 2}, {"1E-130", 2},
		{"123.456", 5}, {"100.001", 5}, {"1.23456789", 6},
		{"-1", 3}, {"-12", 3}, {"-123", 4}, {"-100", 3}, {"-1000000", 3},
		{"-1.5", 4}, {"-0.5", 3}, {"-1E-130", 3},
		{"12345678901234567890123456789012345678", 20},
		{"-12345678901234567890123456789012345678", 21},
		{"-1234567890123456789", 12}, {"-12345678901234567890", 12}, {"-123456789012345678901", 13},
		{"9.9999999999999999999999999999999999999E+125", 20},
	}
	for _, c := range cases {
		if got := Number(c.text); got != c.size {
			t.Errorf("Number(%q) = %d, DynamoDB Local measured %d", c.text, got, c.size)
		}
	}
}

func TestValueMeasured(t *testing.T) {
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	cases := []struct {
		name string
		v    types.AttributeValue
		size int
	}{
		{"two-byte rune", s("é"), 2},
		{"three-byte runes", s("日本"), 6},
		{"empty string", s(""), 0},
		{"bool", &types.AttributeValueMemberBOOL{Value: true}, 1},
		{"null", &types.AttributeValueMemberNULL{Value: true}, 1},
		{"binary", &types.AttributeValueMemberB{Value: []byte{1, 2, 3}}, 3},
		{"empty list", &types.AttributeValueMemberL{}, 3},
		{"empty map", &types.AttributeValueMemberM{}, 3},
		{"list of one", &types.AttributeValueMemberL{Value: []types.AttributeValue{s("ab")}}, 6},
		{"list of two", &types.AttributeValueMemberL{Value: []types.AttributeValue{s("ab"), n("1")}}, 9},
		{"nested empty list", &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberL{}}}, 7},
		{"map of one", &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": s("ab")}}, 7},
		{"map of two", &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": s("ab"), "kk": &types.AttributeValueMemberBOOL{}}}, 11},
		{"string set", &types.AttributeValueMemberSS{Value: []string{"ab", "cde"}}, 5},
		{"number set", &types.AttributeValueMemberNS{Value: []string{"1", "123"}}, 5},
		{"binary set", &types.AttributeValueMemberBS{Value: [][]byte{{1, 2}, {3}}}, 3},
	}
	for _, c := range cases {
		if got := Value(c.v); got != c.size {
			t.Errorf("%s: Value = %d, DynamoDB Local measured %d", c.name, got, c.size)
		}
	}
}

// The developer guide's example: an item with shirt-color "R" and
// shirt-size "M" is 23 bytes.
func TestDeveloperGuideExample(t *testing.T) {
	item := map[string]types.AttributeValue{
		"shirt-color": &types.AttributeValueMemberS{Value: "R"},
		"shirt-size":  &types.AttributeValueMemberS{Value: "M"},
	}
	if got := Item(item); got != 23 {
		t.Fatalf("Item = %d, the developer guide says 23", got)
	}
}
