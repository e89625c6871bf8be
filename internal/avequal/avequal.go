// Package avequal compares attribute values as DynamoDB does: numbers by
// value (1, 1.0 and 10E-1 are one number), sets as sets, maps and lists
// element by element.
package avequal

import (
	"bytes"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/number"
)

// Items reports whether two items hold the same attributes with equal
// values.
func Items(a, b map[string]types.AttributeValue) bool {
	if len(a) != len(b) {
		return false
	}
	for name, av := range a {
		bv, ok := b[name]
		if !ok || !Equal(av, bv) {
			return false
		}
	}
	return true
}

// Equal reports whether two attribute values are equal as DynamoDB values.
// DynamoDB stores numbers normalised and returns sets in an order of its
// own, so neither text nor order is compared.
func Equal(a, b types.AttributeValue) bool {
	switch x := a.(type) {
	case *types.AttributeValueMemberS:
		y, ok := b.(*types.AttributeValueMemberS)
		return ok && x.Value == y.Value
	case *types.AttributeValueMemberN:
		y, ok := b.(*types.AttributeValueMemberN)
		return ok && Numbers(x.Value, y.Value)
	case *types.AttributeValueMemberB:
		y, ok := b.(*types.AttributeValueMemberB)
		return ok && bytes.Equal(x.Value, y.Value)
	case *types.AttributeValueMemberBOOL:
		y, ok := b.(*types.AttributeValueMemberBOOL)
		return ok && x.Value == y.Value
	case *types.AttributeValueMemberNULL:
		_, ok := b.(*types.AttributeValueMemberNULL)
		return ok
	case *types.AttributeValueMemberL:
		y, ok := b.(*types.AttributeValueMemberL)
		if !ok || len(x.Value) != len(y.Value) {
			return false
		}
		for i := range x.Value {
			if !Equal(x.Value[i], y.Value[i]) {
				return false
			}
		}
		return true
	case *types.AttributeValueMemberM:
		y, ok := b.(*types.AttributeValueMemberM)
		return ok && Items(x.Value, y.Value)
	case *types.AttributeValueMemberSS:
		y, ok := b.(*types.AttributeValueMemberSS)
		return ok && sameSet(x.Value, y.Value, func(s string) string { return s })
	case *types.AttributeValueMemberNS:
		y, ok := b.(*types.AttributeValueMemberNS)
		return ok && sameSet(x.Value, y.Value, numberKey)
	case *types.AttributeValueMemberBS:
		y, ok := b.(*types.AttributeValueMemberBS)
		return ok && sameSet(x.Value, y.Value, func(s []byte) string { return string(s) })
	}
	return false // nil or a kind this package does not know: never equal
}

// Numbers reports whether two DynamoDB numbers (decimal text, with an
// optional exponent) have the same value, by internal/number's canonical
// form (the one rule item identity uses too). Text that is not a number is
// equal only to the same text.
func Numbers(a, b string) bool {
	if a == b {
		return true
	}
	x, errX := number.Canonical(a)
	y, errY := number.Canonical(b)
	return errX == nil && errY == nil && x == y
}

// numberKey is one text for every spelling of a number's value; text that
// is not a number stands for itself (with a prefix no number has).
func numberKey(s string) string {
	if c, err := number.Canonical(s); err == nil {
		return c
	}
	return "?" + s
}

// sameSet reports whether two sets (without duplicates, as DynamoDB keeps
// them) have the same elements, comparing the elements' keys.
func sameSet[E any](a, b []E, key func(E) string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[string]int, len(a))
	for _, x := range a {
		seen[key(x)]++
	}
	for _, y := range b {
		k := key(y)
		if seen[k] == 0 {
			return false
		}
		seen[k]--
	}
	return true
}
