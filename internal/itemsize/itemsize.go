// Package itemsize is the one implementation of DynamoDB's item-size rules,
// shared by the codec (the 400 KB limit), the transaction size check and the
// cost model (capacity units and storage).
//
// The rules, as DynamoDB bills them and as DynamoDB Local 3.3.1 reports them
// in ConsumedCapacity (checked attribute kind by attribute kind, and on
// generated items, by the cost model's integration tests):
//
//   - every attribute name, nested map keys included, counts its UTF-8 bytes;
//   - a string counts its UTF-8 bytes, a binary its raw bytes (not base64);
//   - a number counts one byte, plus one byte per pair of decimal digits
//     (base-100 digits, paired from the decimal point, from the first
//     non-zero pair to the last), plus one more byte when it is negative;
//     zero is one byte. So 12 and 0.5 take 2 bytes, 1.5 and 101 take 3,
//     -1 takes 3, and 38 significant digits take 20;
//   - BOOL and NULL take one byte;
//   - a list or a map takes three bytes, plus each element's size plus one
//     byte per element (a map element also counts its key);
//   - a set takes the sum of its elements, with no overhead.
//
// The developer guide gives the number rule only approximately ("about one
// byte per two significant digits, plus one"); the base-100 pairing and the
// sign byte are what DynamoDB Local measures, and what makes 1.5 cost one
// byte more than 15.
package itemsize

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// Item returns the size of an item: the names and values of all its
// attributes.
func Item(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name) + Value(v)
	}
	return n
}

// Attribute returns the size one attribute adds to an item: its name and
// its value.
func Attribute(name string, v types.AttributeValue) int { return len(name) + Value(v) }

// Value returns the size of one attribute value without its name. A nil
// value, or a kind this package does not know, has size 0.
func Value(v types.AttributeValue) int {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return len(x.Value)
	case *types.AttributeValueMemberN:
		return Number(x.Value)
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
			n += Number(s)
		}
		return n
	case *types.AttributeValueMemberBS:
		n := 0
		for _, b := range x.Value {
			n += len(b)
		}
		return n
	case *types.AttributeValueMemberL:
		n := containerOverhead
		for _, e := range x.Value {
			n += Value(e) + elementOverhead
		}
		return n
	case *types.AttributeValueMemberM:
		n := containerOverhead
		for k, e := range x.Value {
			n += len(k) + Value(e) + elementOverhead
		}
		return n
	}
	return 0
}

const (
	containerOverhead = 3 // every list and map
	elementOverhead   = 1 // every element of a list or map
)

// Number returns the size of a number given as DynamoDB's decimal text
// ("-12.5", "1E+3", "0.001"). Text that is not a number is sized by its
// digits as well as it can be; DynamoDB refuses such text anyway.
func Number(s string) int {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	// Mantissa: count the digits before the point and note the positions
	// (among all mantissa digits) of the first and last non-zero digit.
	intDigits, pos := 0, 0
	firstPos, lastPos := -1, -1
	point := false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' && !point {
			point = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if !point {
			intDigits++
		}
		if c != '0' {
			if firstPos < 0 {
				firstPos = pos
			}
			lastPos = pos
		}
		pos++
	}
	if firstPos < 0 {
		return 1 // zero, whatever its sign or form
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		expNeg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			expNeg = s[i] == '-'
			i++
		}
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if exp < 1<<20 { // far beyond DynamoDB's range; no overflow
				exp = exp*10 + int(s[i]-'0')
			}
		}
		if expNeg {
			exp = -exp
		}
	}
	// The digit at mantissa position p has decimal weight
	// intDigits-1-p+exp (10^weight); base-100 digits pair weights 2k and
	// 2k+1.
	high := floorDiv2(intDigits - 1 - firstPos + exp)
	low := floorDiv2(intDigits - 1 - lastPos + exp)
	n := 1 + high - low + 1
	if neg {
		n++
	}
	return n
}

// floorDiv2 is the base-100 digit a decimal weight falls in: weights 0 and
// 1 are pair 0, -1 and -2 are pair -1.
func floorDiv2(w int) int {
	if w >= 0 {
		return w / 2
	}
	return -((-w + 1) / 2)
}
