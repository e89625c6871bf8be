package exprpool

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

// What one request took from a Builder is untouched by the next request
// built on the same Builder.
func TestReuseKeepsEarlierResults(t *testing.T) {
	b := Get(nil)
	first, err := b.Condition(expr.Expr(cond.Name("status").Eq("open").And(cond.Name("n").Lt(3))))
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
	if _, err := b.Condition(expr.Expr(cond.Name("other").Ne("closed").And(cond.Name("m").Gt(9)))); err != nil {
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
	rendered, names, values, err := Condition(nil, cond.Name("status").Eq("open"))
	if err != nil {
		t.Fatal(err)
	}
	if rendered != "#n0 = :v0" || !reflect.DeepEqual(names, map[string]string{"#n0": "status"}) ||
		!reflect.DeepEqual(values, map[string]types.AttributeValue{":v0": &types.AttributeValueMemberS{Value: "open"}}) {
		t.Errorf("got %q %v %#v", rendered, names, values)
	}
	if _, names, values, _ := Condition(nil, cond.Name("id").NotExists()); values != nil || len(names) != 1 {
		t.Errorf("a condition without values: names %v, values %#v", names, values)
	}
	if _, _, _, err := Condition(nil, cond.Name("").Eq(1)); !hasRule(err, cond.RuleInvalidPath) {
		t.Errorf("an invalid condition: %v, want ErrInvalidPath", err)
	}
}

// manyNames is a condition on n attributes, too long for DynamoDB: a
// request that fails still leaves its Builder grown.
func manyNames(n int) cond.Expr {
	var c cond.Expr
	for i := range n {
		c = cond.And(c, cond.Name(fmt.Sprintf("attribute%d", i)).Eq(i))
	}
	return c
}

// TestOversizedBuilderIsDropped: a Builder a large request has grown past
// the cap is not handed out again, and a usual request's Builder stays
// under it.
func TestOversizedBuilderIsDropped(t *testing.T) {
	usual := Get(nil)
	if _, err := usual.Condition(expr.Expr(manyNames(8))); err != nil {
		t.Fatal(err)
	}
	if got := usual.Retained(); got > maxRetained {
		t.Fatalf("a Builder that rendered 8 comparisons keeps %d bytes, over the %d-byte cap: it would never be reused", got, maxRetained)
	}
	Put(usual)

	big := Get(nil)
	if _, err := big.Condition(expr.Expr(manyNames(1000))); !hasRule(err, cond.RuleExpressionTooLong) {
		t.Fatalf("a 1000-comparison condition: %v, want ErrExpressionTooLong", err)
	}
	if got := big.Retained(); got <= maxRetained {
		t.Fatalf("the Builder keeps %d bytes after 1000 comparisons, not over the %d-byte cap the test needs", got, maxRetained)
	}
	Put(big)
	// Hold on to what Get returns, so each Get takes another pooled
	// Builder rather than the same one again.
	var held []*expr.Builder
	for range 4 {
		b := Get(nil)
		if b == big {
			t.Fatal("the oversized Builder was put back in the pool")
		}
		held = append(held, b)
	}
	for _, b := range held {
		Put(b)
	}
}

// hasRule reports whether err is an *errs.InputError with rule.
func hasRule(err error, rule errs.Rule) bool {
	var ie *errs.InputError
	return errors.As(err, &ie) && ie.Rule == rule
}
