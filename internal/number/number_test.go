package number_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/internal/number"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

// texts are numbers DynamoDB accepts and texts it refuses, at the edges of
// its syntax, precision and range.
var texts = []struct {
	text  string
	valid bool
}{
	{"1", true}, {"+1", true}, {"-1", true}, {".5", true}, {"1.", true}, {"-.5", true},
	{"1e5", true}, {"1E+5", true}, {"1e-5", true}, {"1e-0", true}, {"-0", true}, {"0.000", true},
	{"00012", true}, {"0e999", true}, {"1e125", true}, {"1e-130", true}, {"-1e-130", true},
	{"9.9999999999999999999999999999999999999e125", true},
	{"12345678901234567890123456789012345678", true},
	{"1234567890123456789012345678901234567800000", true},
	{"0.00000000000000000000000000000000000000000000000000001", true},
	{"1e126", false}, {"-1e126", false}, {"1e-131", false}, {"10e125", false}, {"0.1e-130", false},
	{"123456789012345678901234567890123456789", false},
	{"NaN", false}, {"+Inf", false}, {"-Inf", false}, {"Infinity", false}, {"nan", false},
	{"", false}, {" 1", false}, {"1 ", false}, {"0x10", false}, {"1_0", false}, {"1e", false},
	{"e1", false}, {"-", false}, {"+", false}, {".", false}, {"1.2.3", false}, {"1e+", false},
	{"1e999999999999", false}, {"--1", false}, {"1e5.5", false},
}

// strict are texts refused here that DynamoDB Local (Java's BigDecimal)
// accepts: digits other than ASCII ones. The library never writes them, and
// refusing them keeps one text per digit for "is this the same item?".
var strict = []string{"١", "१२", "1٠"}

func TestCheckAgreesWithDynamoDB(t *testing.T) {
	all := append([]struct {
		text  string
		valid bool
	}{}, texts...)
	// And generated ones around the limits, at random.
	r := rand.New(rand.NewPCG(1, 2))
	for range 60 {
		digits := 1 + r.IntN(40)
		var b strings.Builder
		b.WriteByte(byte('1' + r.IntN(9)))
		for range digits - 1 {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		exp := -170 + r.IntN(300)
		s := b.String() + "e" + strconv.Itoa(exp)
		lead := exp + digits - 1 // the power of ten of the first digit
		valid := len(strings.TrimRight(b.String(), "0")) <= number.MaxDigits && lead <= number.MaxExponent && lead >= number.MinExponent
		all = append(all, struct {
			text  string
			valid bool
		}{s, valid})
	}
	for _, tc := range all {
		err := number.Check(tc.text)
		if (err == nil) != tc.valid {
			t.Errorf("Check(%q) = %v, want valid=%v", tc.text, err, tc.valid)
		}
		if err != nil && !errors.Is(err, number.ErrInvalid) {
			t.Errorf("Check(%q) = %v, not ErrInvalid", tc.text, err)
		}
	}

	for _, text := range strict {
		if err := number.Check(text); !errors.Is(err, number.ErrInvalid) {
			t.Errorf("Check(%q) = %v, want ErrInvalid", text, err)
		}
	}

	// DynamoDB itself: every text accepted here is stored, as the same
	// number; every text refused here is refused there.
	ctx := context.Background()
	c := dynamotest.Client(t)
	name := dynamotest.CreateTable(t, c, &dynamodb.CreateTableInput{
		TableName:            aws.String(dynamotest.TableName(t, "numbers")),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	for i, tc := range all {
		key := map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: strconv.Itoa(i)}}
		item := map[string]types.AttributeValue{"id": key["id"], "n": &types.AttributeValueMemberN{Value: tc.text}}
		_, err := c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item})
		var api smithy.APIError
		switch {
		case tc.valid && err != nil:
			t.Errorf("DynamoDB refuses %q: %v", tc.text, err)
			continue
		case !tc.valid && err == nil:
			t.Errorf("DynamoDB accepts %q", tc.text)
			continue
		case !tc.valid:
			if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" {
				t.Errorf("%q: %v", tc.text, err)
			}
			continue
		}
		out, err := c.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), Key: key, ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		stored := out.Item["n"].(*types.AttributeValueMemberN).Value
		a, errA := number.Canonical(tc.text)
		b, errB := number.Canonical(stored)
		if errA != nil || errB != nil || a != b {
			t.Errorf("%q is stored as %q: canonical %q (%v) and %q (%v)", tc.text, stored, a, errA, b, errB)
		}
	}
}

func TestCanonicalEqualsExactlyEqualNumbers(t *testing.T) {
	groups := [][]string{
		{"1", "1.0", "1e0", "10E-1", "0.1e1", "+1", "001", "1.000", "100e-2", "0.01E2"},
		{"-1", "-1.0", "-1e0", "-10E-1", "-0.1e1"},
		{"0", "-0", "0.0", "0e5", "+0", "000.000e-7"},
		{"1500", "1.5e3", "15e2", "1500.00"},
		{"0.015", "1.5e-2", "15E-3"},
		{"10"}, {"100"}, {"-10"}, {"0.1"}, {"11"}, {"1.1"},
	}
	seen := map[string]int{}
	for g, group := range groups {
		want, err := number.Canonical(group[0])
		if err != nil {
			t.Fatal(err)
		}
		if other, ok := seen[want]; ok {
			t.Errorf("groups %d and %d share the canonical form %q", other, g, want)
		}
		seen[want] = g
		for _, s := range group[1:] {
			if got, err := number.Canonical(s); err != nil || got != want {
				t.Errorf("Canonical(%q) = %q, %v; want %q like %q", s, got, err, want, group[0])
			}
		}
	}
	// Any two integers are equal exactly when their canonical forms are.
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		a, b := r.Int64N(2000)-1000, r.Int64N(2000)-1000
		ca, _ := number.Canonical(fmt.Sprintf("%d.%s", a, strings.Repeat("0", r.IntN(3))))
		cb, _ := number.Canonical(fmt.Sprintf("%de%d", b*10, -1))
		if (ca == cb) != (a == b) {
			t.Fatalf("%d and %d: canonical %q and %q", a, b, ca, cb)
		}
	}
}

func TestCheckFloat(t *testing.T) {
	for _, tc := range []struct {
		f     float64
		bits  int
		valid bool
	}{
		{0, 64, true}, {1.5, 64, true}, {-2, 32, true}, {math.MaxFloat32, 32, true},
		{1e125, 64, true}, {1e-130, 64, true},
		{math.NaN(), 64, false}, {math.Inf(1), 64, false}, {math.Inf(-1), 32, false},
		{math.MaxFloat64, 64, false}, {1e126, 64, false}, {1e-200, 64, false},
		{math.SmallestNonzeroFloat64, 64, false},
	} {
		err := number.CheckFloat(tc.f, tc.bits)
		if (err == nil) != tc.valid || (err != nil && !errors.Is(err, number.ErrInvalid)) {
			t.Errorf("CheckFloat(%v, %d) = %v, want valid=%v", tc.f, tc.bits, err, tc.valid)
		}
	}
}

func TestCheckItemFindsNestedNumbers(t *testing.T) {
	n := func(s string) types.AttributeValue { return &types.AttributeValueMemberN{Value: s} }
	for _, tc := range []struct {
		name  string
		item  map[string]types.AttributeValue
		valid bool
	}{
		{"plain", map[string]types.AttributeValue{"a": n("1"), "b": &types.AttributeValueMemberS{Value: "NaN"}}, true},
		{"top", map[string]types.AttributeValue{"a": n("NaN")}, false},
		{"set", map[string]types.AttributeValue{"a": &types.AttributeValueMemberNS{Value: []string{"1", "+Inf"}}}, false},
		{"list", map[string]types.AttributeValue{"a": &types.AttributeValueMemberL{Value: []types.AttributeValue{n("1"), n("-Inf")}}}, false},
		{"map in list", map[string]types.AttributeValue{"a": &types.AttributeValueMemberL{Value: []types.AttributeValue{
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"x": n("1e200")}}}}}, false},
	} {
		err := number.CheckItem(tc.item)
		if (err == nil) != tc.valid || (err != nil && !errors.Is(err, number.ErrInvalid)) {
			t.Errorf("%s: %v, want valid=%v", tc.name, err, tc.valid)
		}
	}
}
