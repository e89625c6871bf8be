package expr_test

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
)

// avString formats an attribute value compactly: S:"x", N:10, B:0x01, ...
func avString(av types.AttributeValue) string {
	switch x := av.(type) {
	case *types.AttributeValueMemberS:
		return "S:" + strconv.Quote(x.Value)
	case *types.AttributeValueMemberN:
		return "N:" + x.Value
	case *types.AttributeValueMemberB:
		return fmt.Sprintf("B:0x%x", x.Value)
	case *types.AttributeValueMemberBOOL:
		return "BOOL:" + strconv.FormatBool(x.Value)
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("SS:%q", x.Value)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("NS:%v", x.Value)
	case *types.AttributeValueMemberBS:
		return fmt.Sprintf("BS:%x", x.Value)
	case *types.AttributeValueMemberL:
		parts := make([]string, len(x.Value))
		for i, v := range x.Value {
			parts[i] = avString(v)
		}
		return "L:[" + strings.Join(parts, " ") + "]"
	case *types.AttributeValueMemberM:
		keys := make([]string, 0, len(x.Value))
		for k := range x.Value {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + avString(x.Value[k])
		}
		return "M:{" + strings.Join(parts, " ") + "}"
	case nil:
		return "<nil>"
	}
	return fmt.Sprintf("%T", av)
}

// placeholderOrder sorts placeholders by their number: #n2 before #n10.
func placeholderOrder(keys []string) {
	sort.Slice(keys, func(i, j int) bool {
		a, _ := strconv.Atoi(keys[i][2:])
		c, _ := strconv.Atoi(keys[j][2:])
		return a < c
	})
}

// namesList returns the registered names in placeholder order, checking that
// the placeholders are #n0..#nN-1.
func namesList(b *expr.Builder) []string {
	m := b.Names()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	placeholderOrder(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		if k != "#n"+strconv.Itoa(i) {
			panic("unexpected name placeholder " + k)
		}
		out[i] = m[k]
	}
	return out
}

// valuesList returns the registered values, formatted, in placeholder order.
func valuesList(b *expr.Builder) []string {
	m := b.Values()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	placeholderOrder(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		if k != ":v"+strconv.Itoa(i) {
			panic("unexpected value placeholder " + k)
		}
		out[i] = avString(m[k])
	}
	return out
}

// printBuilder prints the names and values of b in placeholder order.
func printBuilder(b *expr.Builder) {
	for i, n := range namesList(b) {
		fmt.Printf("#n%d = %q\n", i, n)
	}
	for i, v := range valuesList(b) {
		fmt.Printf(":v%d = %s\n", i, v)
	}
}

// ruleOf returns the Rule of the *errs.InputError err holds, or "" when it
// holds none or does not match errs.ErrInvalidInput.
func ruleOf(err error) errs.Rule {
	var ie *errs.InputError
	if !errors.As(err, &ie) || !errors.Is(err, errs.ErrInvalidInput) {
		return ""
	}
	return ie.Rule
}
