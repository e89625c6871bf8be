package exprpool

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
)

// What one request took from a Builder is untouched by the next request
// built on the same Builder.
func TestReuseKeepsEarlierResults(t *testing.T) {
	b := Get(nil)
	first, err := b.Condition(cond.Name("status").Eq("open").And(cond.Name("n").Lt(3)))
	if err != nil {
		t.Fatal(err)
	}
	names, values := b.Names(), b.Values()
	firstCopy := strings.Clone(first)
	Put(b)

	b = Get(nil)
	if b.NumNames() != 0 || b.NumValues() != 0 {
		t.Fatalf("reused Builder starts with %d names and %d values", b.NumNames(), b.NumValues())
	}
	if _, err := b.Condition(cond.Name("other").Ne("closed").And(cond.Name("m").Gt(9))); err != nil {
		t.Fatal(err)
	}
	_, _ = b.Names(), b.Values()
	Put(b)

	if first != firstCopy {
		t.Errorf("condition changed from %q to %q", firstCopy, first)
	}
	wantNames := map[string]string{"#n0": "status", "#n1": "n"}
	wantValues := map[string]types.AttributeValue{
		":v0": &types.AttributeValueMemberS{Value: "open"},
		":v1": &types.AttributeValueMemberN{Value: "3"},
	}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("names %v, want %v", names, wantNames)
	}
	if !reflect.DeepEqual(values, wantValues) {
		t.Errorf("values %#v, want %#v", values, wantValues)
	}
}

func TestCondition(t *testing.T) {
	expr, names, values, err := Condition(nil, cond.Name("status").Eq("open"))
	if err != nil {
		t.Fatal(err)
	}
	if expr != "#n0 = :v0" || !reflect.DeepEqual(names, map[string]string{"#n0": "status"}) ||
		!reflect.DeepEqual(values, map[string]types.AttributeValue{":v0": &types.AttributeValueMemberS{Value: "open"}}) {
		t.Errorf("got %q %v %#v", expr, names, values)
	}
	if _, names, values, _ := Condition(nil, cond.Name("id").NotExists()); values != nil || len(names) != 1 {
		t.Errorf("a condition without values: names %v, values %#v", names, values)
	}
	if _, _, _, err := Condition(nil, cond.Name("").Eq(1)); !errors.Is(err, cond.ErrInvalidPath) {
		t.Errorf("an invalid condition: %v, want ErrInvalidPath", err)
	}
}
