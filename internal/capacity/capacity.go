// Package capacity adds up the ConsumedCapacity DynamoDB reports, for
// operations that send more than one request.
package capacity

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Add adds c into sum and returns sum. A nil sum starts a new one (with
// c's table name); a nil c adds nothing. Units, the table's share and each
// index's share are added separately; a unit DynamoDB did not report stays
// nil unless some request reported it.
func Add(sum, c *types.ConsumedCapacity) *types.ConsumedCapacity {
	if c == nil {
		return sum
	}
	if sum == nil {
		sum = &types.ConsumedCapacity{TableName: c.TableName}
	}
	sum.CapacityUnits = addUnits(sum.CapacityUnits, c.CapacityUnits)
	sum.ReadCapacityUnits = addUnits(sum.ReadCapacityUnits, c.ReadCapacityUnits)
	sum.WriteCapacityUnits = addUnits(sum.WriteCapacityUnits, c.WriteCapacityUnits)
	if c.Table != nil {
		if sum.Table == nil {
			sum.Table = &types.Capacity{}
		}
		addShare(sum.Table, c.Table)
	}
	sum.GlobalSecondaryIndexes = addIndexes(sum.GlobalSecondaryIndexes, c.GlobalSecondaryIndexes)
	sum.LocalSecondaryIndexes = addIndexes(sum.LocalSecondaryIndexes, c.LocalSecondaryIndexes)
	return sum
}

func addIndexes(sum, c map[string]types.Capacity) map[string]types.Capacity {
	for name, v := range c {
		if sum == nil {
			sum = map[string]types.Capacity{}
		}
		s := sum[name]
		addShare(&s, &v)
		sum[name] = s
	}
	return sum
}

func addShare(sum, c *types.Capacity) {
	sum.CapacityUnits = addUnits(sum.CapacityUnits, c.CapacityUnits)
	sum.ReadCapacityUnits = addUnits(sum.ReadCapacityUnits, c.ReadCapacityUnits)
	sum.WriteCapacityUnits = addUnits(sum.WriteCapacityUnits, c.WriteCapacityUnits)
}

func addUnits(a, b *float64) *float64 {
	if b == nil {
		return a
	}
	return aws.Float64(aws.ToFloat64(a) + *b)
}
