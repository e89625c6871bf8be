package upgrade

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
)

type item struct {
	entity.Model `ddb:"table=t,version=2"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Name         string `dynamodbav:"name" validate:"required"`
	Tier         string `dynamodbav:"tier" ddb:"default=basic"`
	Note         string `dynamodbav:"note,omitempty"`
}

var meta = entity.MustRegister[item](entity.WithUpgrade(1, func(it map[string]types.AttributeValue) error {
	if n, ok := it["n"]; ok {
		it["name"] = n
		delete(it, "n")
	}
	return nil
}))

func str(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func num(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }

// The upgrade write sets what the upgrade adds or changes, removes what it
// drops, sets "_v", and is conditioned on the item as stored: every
// attribute it had with its value (the ones it keeps too), the ones it adds
// absent, the old "_v" (or none).
func TestRequestWritesTheDifferenceOnConditionOfTheWhole(t *testing.T) {
	raw := map[string]types.AttributeValue{"id": str("a"), "n": str("Ann"), "note": str("x")}
	up, _, err := meta.UpgradeItem("t", raw)
	if err != nil {
		t.Fatal(err)
	}
	in, err := Request(meta, "t", raw, up, types.ReturnConsumedCapacityTotal)
	if err != nil {
		t.Fatal(err)
	}
	// Attributes in name order: _v, n, name, note, tier (id is the key).
	if got, want := aws.ToString(in.UpdateExpression), "SET #a1 = :v0, #a3 = :v2, #a5 = :v4 REMOVE #a2"; got != want {
		t.Errorf("update %q, want %q", got, want)
	}
	if got, want := aws.ToString(in.ConditionExpression), "attribute_exists(#a0) AND attribute_not_exists(#a1) AND #a2 = :v1 AND attribute_not_exists(#a3) AND #a4 = :v3 AND attribute_not_exists(#a5)"; got != want {
		t.Errorf("condition %q, want %q", got, want)
	}
	wantNames := map[string]string{"#a0": "id", "#a1": "_v", "#a2": "n", "#a3": "name", "#a4": "note", "#a5": "tier"}
	wantValues := map[string]types.AttributeValue{":v0": num("2"), ":v1": str("Ann"), ":v2": str("Ann"), ":v3": str("x"), ":v4": str("basic")}
	if !reflect.DeepEqual(in.ExpressionAttributeNames, wantNames) {
		t.Errorf("names %v", in.ExpressionAttributeNames)
	}
	if !reflect.DeepEqual(in.ExpressionAttributeValues, wantValues) {
		t.Errorf("values %v", in.ExpressionAttributeValues)
	}
	if !reflect.DeepEqual(in.Key, map[string]types.AttributeValue{"id": str("a")}) || in.ReturnValuesOnConditionCheckFailure != types.ReturnValuesOnConditionCheckFailureAllOld || in.ReturnConsumedCapacity != types.ReturnConsumedCapacityTotal {
		t.Errorf("request %+v", in)
	}

	// A stored "_v" = 1 is expected as such.
	raw["_v"] = num("1")
	up, _, _ = meta.UpgradeItem("t", raw)
	in, _ = Request(meta, "t", raw, up, "")
	if c := aws.ToString(in.ConditionExpression); !strings.Contains(c, "#a1 = :v1") || strings.Contains(c, "attribute_not_exists(#a1)") || !reflect.DeepEqual(in.ExpressionAttributeValues[":v1"], num("1")) {
		t.Errorf("condition %q with values %v", c, in.ExpressionAttributeValues)
	}
}

func TestRequestRefusesWhatOneUpdateItemCannotDo(t *testing.T) {
	raw := map[string]types.AttributeValue{"id": str("a"), "name": str("Ann")}
	up := map[string]types.AttributeValue{"id": str("b"), "name": str("Ann"), "_v": num("2")}
	if _, err := Request(meta, "t", raw, up, ""); err == nil || !strings.Contains(err.Error(), "primary key") {
		t.Errorf("a changed key: %v", err)
	}
	big := map[string]types.AttributeValue{"id": str("a"), "name": str("Ann")}
	for i := 0; i < 400; i++ {
		big[fmt.Sprintf("legacy%03d", i)] = str("x")
	}
	up, _, _ = meta.UpgradeItem("t", big)
	if _, err := Request(meta, "t", big, up, ""); err == nil || !strings.Contains(err.Error(), "too many attributes") {
		t.Errorf("400 attributes: %v", err)
	}
}

// script answers UpdateItem requests in turn.
type script []func(in *dynamodb.UpdateItemInput) (*dynamodb.UpdateItemOutput, error)

func (s *script) UpdateItem(_ context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	next := (*s)[0]
	*s = (*s)[1:]
	return next(in)
}

func refused(item map[string]types.AttributeValue) func(*dynamodb.UpdateItemInput) (*dynamodb.UpdateItemOutput, error) {
	return func(*dynamodb.UpdateItemInput) (*dynamodb.UpdateItemOutput, error) {
		return nil, &types.ConditionalCheckFailedException{Item: item}
	}
}

// Item works out the upgrade again from the item each refusal returns,
// stops when another writer made the item current or deleted it, and gives
// up after MaxWrites refusals with an error naming both versions.
func TestItemFollowsTheReturnedItem(t *testing.T) {
	ctx := context.Background()
	v1 := map[string]types.AttributeValue{"id": str("a"), "n": str("Ann")}
	v1b := map[string]types.AttributeValue{"id": str("a"), "n": str("Bea")}
	v2 := map[string]types.AttributeValue{"id": str("a"), "name": str("Bea"), "_v": num("2")}
	var sent []*dynamodb.UpdateItemInput
	ok := func(in *dynamodb.UpdateItemInput) (*dynamodb.UpdateItemOutput, error) {
		sent = append(sent, in)
		return &dynamodb.UpdateItemOutput{ConsumedCapacity: &types.ConsumedCapacity{CapacityUnits: aws.Float64(1)}}, nil
	}

	s := &script{refused(v1b), ok}
	out, err := Item(ctx, s, meta, "t", v1, "")
	if err != nil || out.From != 1 || out.Requests != 2 || aws.ToFloat64(out.Capacity.CapacityUnits) != 1 {
		t.Fatalf("changed once: %+v, %v", out, err)
	}
	if v := sent[0].ExpressionAttributeValues; !reflect.DeepEqual(v[":v1"], str("Bea")) {
		t.Fatalf("second write not worked out from the returned item: %v", v)
	}

	for name, answer := range map[string]map[string]types.AttributeValue{"upgraded by another": v2, "deleted": nil} {
		s = &script{refused(answer)}
		if out, err := Item(ctx, s, meta, "t", v1, ""); err != nil || out.Requests != 1 {
			t.Errorf("%s: %+v, %v", name, out, err)
		}
	}

	s = &script{}
	for i := 0; i < MaxWrites; i++ {
		*s = append(*s, refused(v1))
	}
	_, err = Item(ctx, s, meta, "t", v1, "")
	var ue *entity.UpgradeError
	if !errors.As(err, &ue) || ue.Stored != 1 || ue.Model != 2 || !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("always changing: %v", err)
	}

	// Invalid once upgraded (name is required): nothing is sent.
	s = &script{}
	_, err = Item(ctx, s, meta, "t", map[string]types.AttributeValue{"id": str("a")}, "")
	if !errors.As(err, &ue) || ue.Stored != 1 || !errors.Is(err, entity.ErrValidation) {
		t.Fatalf("invalid upgrade: %v", err)
	}
}
