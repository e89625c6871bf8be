// Package itemid is the library's one answer to "is this the same item?":
// the identity of an item is its table and its primary key, compared the
// way DynamoDB compares keys. Strings compare by their text, binary values
// by their bytes, and numbers by value, so 1, 1.0, 1e0 and 10E-1 are one
// item. Transactions (two operations on one item), the batch writer (two
// writes of one item) and BatchGet (a key asked for twice, and matching
// returned items to the keys asked for) all use it.
package itemid

import (
	"hash/maphash"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/number"
)

// Append appends the identity of the item with key in table to dst. Two
// items have the same identity exactly when they are the same item. The
// attributes are taken in name order, each tagged with its type; a value
// that cannot be part of a key (or a number DynamoDB would refuse) keeps
// its own text under a tag of its own, so it is never taken for a valid
// key value.
func Append(dst []byte, table string, key map[string]types.AttributeValue) []byte {
	var nameArr [4]string
	names := nameArr[:0]
	for name := range key {
		names = append(names, name)
	}
	slices.Sort(names)
	return appendSorted(dst, table, names, key)
}

// AppendOf is Append for the key made of the attributes names (the primary
// key attributes, in any order) of item, a whole item or a key.
func AppendOf(dst []byte, table string, names []string, item map[string]types.AttributeValue) []byte {
	var nameArr [4]string
	sorted := append(nameArr[:0], names...)
	slices.Sort(sorted)
	return appendSorted(dst, table, sorted, item)
}

func appendSorted(dst []byte, table string, names []string, item map[string]types.AttributeValue) []byte {
	dst = appendPart(dst, 'T', table)
	for _, name := range names {
		dst = appendPart(dst, 'A', name)
		switch v := item[name].(type) {
		case *types.AttributeValueMemberS:
			dst = appendPart(dst, 'S', v.Value)
		case *types.AttributeValueMemberB:
			dst = appendPart(dst, 'B', string(v.Value))
		case *types.AttributeValueMemberN:
			start := len(dst)
			dst = append(dst, 'N', 0) // the length, set below: canonical numbers are short
			canon, err := number.AppendCanonical(dst, v.Value)
			if err != nil || len(canon)-start-2 > 255 {
				dst = appendPart(dst[:start], '?', "N"+v.Value)
				continue
			}
			dst = canon
			dst[start+1] = byte(len(dst) - start - 2)
		default:
			dst = appendPart(dst, '?', typeName(v))
		}
	}
	return dst
}

// appendPart appends a tag, the length of s and s, so that no two
// sequences of parts give the same bytes.
func appendPart(dst []byte, tag byte, s string) []byte {
	dst = append(dst, tag)
	dst = strconv.AppendInt(dst, int64(len(s)), 10)
	dst = append(dst, ':')
	return append(dst, s...)
}

func typeName(v types.AttributeValue) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberBOOL:
		return "BOOL"
	case *types.AttributeValueMemberL:
		return "L"
	case *types.AttributeValueMemberM:
		return "M"
	case *types.AttributeValueMemberSS:
		return "SS"
	case *types.AttributeValueMemberNS:
		return "NS"
	case *types.AttributeValueMemberBS:
		return "BS"
	}
	return "other"
}

// Of returns the identity of the item with key in table as a string, to
// use as a map key.
func Of(table string, key map[string]types.AttributeValue) string {
	var buf [128]byte
	return string(Append(buf[:0], table, key))
}

// OfItem returns the identity of the item whose primary key is made of the
// attributes names of item (a whole item or a key) in table.
func OfItem(table string, names []string, item map[string]types.AttributeValue) string {
	var buf [128]byte
	return string(AppendOf(buf[:0], table, names, item))
}

// seed keys Hash; hashes are compared within one process only.
var seed = maphash.MakeSeed()

// Hash returns a hash of the identity, without allocating for typical
// keys: the same item always has the same hash; Same settles a match.
func Hash(table string, key map[string]types.AttributeValue) uint64 {
	var buf [128]byte
	return maphash.Bytes(seed, Append(buf[:0], table, key))
}

// Same reports whether two table-and-key pairs name the same item.
func Same(tableA string, keyA map[string]types.AttributeValue, tableB string, keyB map[string]types.AttributeValue) bool {
	var a, b [128]byte
	return string(Append(a[:0], tableA, keyA)) == string(Append(b[:0], tableB, keyB))
}
