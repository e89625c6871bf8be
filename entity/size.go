package entity

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ItemSize returns the size DynamoDB bills and limits an item by: the UTF-8
// length of every attribute name plus the size of every value, following
// DynamoDB's published rules (numbers by significant digits, one byte for
// BOOL and NULL, three bytes of overhead plus one per element for lists and
// maps).
func ItemSize(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name) + ValueSize(v)
	}
	return n
}

// ValueSize returns the size of one attribute value without its name.
func ValueSize(v types.AttributeValue) int {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return len(x.Value)
	case *types.AttributeValueMemberN:
		return numberSize(x.Value)
	case *types.AttributeValueMemberB:
		return len(x.Value)
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberSS:
		n := 0
		for _, s := range x.Value {
			n += len(s)
		}
		return n
	case *types.AttributeValueMemberNS:
		n := 0
		for _, s := range x.Value {
			n += numberSize(s)
		}
		return n
	case *types.AttributeValueMemberBS:
		n := 0
		for _, b := range x.Value {
			n += len(b)
		}
		return n
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range x.Value {
			n += ValueSize(e) + 1
		}
		return n
	case *types.AttributeValueMemberM:
		n := 3
		for k, e := range x.Value {
			n += len(k) + ValueSize(e) + 1
		}
		return n
	}
	return 0
}

// numberSize is DynamoDB's size for a number: one byte per two significant
// digits, plus one. Leading and trailing zeros are not significant.
func numberSize(s string) int {
	digits := 0
	seenNonZero := false
	trailingZeros := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'e' || c == 'E' {
			break
		}
		if c < '0' || c > '9' {
			continue
		}
		if c == '0' && !seenNonZero {
			continue
		}
		seenNonZero = true
		digits++
		if c == '0' {
			trailingZeros++
		} else {
			trailingZeros = 0
		}
	}
	digits -= trailingZeros
	if digits == 0 {
		return 1
	}
	return (digits+1)/2 + 1
}
