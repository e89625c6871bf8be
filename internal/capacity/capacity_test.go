package capacity

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestAdd(t *testing.T) {
	a := &types.ConsumedCapacity{TableName: aws.String("t"), CapacityUnits: aws.Float64(1), WriteCapacityUnits: aws.Float64(1),
		Table:                  &types.Capacity{CapacityUnits: aws.Float64(1)},
		GlobalSecondaryIndexes: map[string]types.Capacity{"g": {CapacityUnits: aws.Float64(1)}}}
	b := &types.ConsumedCapacity{TableName: aws.String("t"), CapacityUnits: aws.Float64(2.5),
		GlobalSecondaryIndexes: map[string]types.Capacity{"g": {CapacityUnits: aws.Float64(1)}, "h": {WriteCapacityUnits: aws.Float64(2)}}}
	var sum *types.ConsumedCapacity
	for _, c := range []*types.ConsumedCapacity{nil, a, nil, b} {
		sum = Add(sum, c)
	}
	want := &types.ConsumedCapacity{TableName: aws.String("t"), CapacityUnits: aws.Float64(3.5), WriteCapacityUnits: aws.Float64(1),
		Table:                  &types.Capacity{CapacityUnits: aws.Float64(1)},
		GlobalSecondaryIndexes: map[string]types.Capacity{"g": {CapacityUnits: aws.Float64(2)}, "h": {WriteCapacityUnits: aws.Float64(2)}}}
	if !reflect.DeepEqual(sum, want) {
		t.Fatalf("sum = %+v, want %+v", sum, want)
	}
	if a.CapacityUnits == sum.CapacityUnits || *a.CapacityUnits != 1 {
		t.Fatal("Add changed or shares the first request's capacity")
	}
	if Add(nil, nil) != nil {
		t.Fatal("nothing reported adds up to something")
	}
}
