package entity_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
)

// These tests look only at the requests built; nothing is sent.

func offlineTable[T any](t *testing.T) *entity.Table[T] {
	t.Helper()
	tbl, err := entity.NewTable[T]((*dynamodb.Client)(nil), entity.TableName("offline"))
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func TestPutBuildsItsRequest(t *testing.T) {
	orders := offlineTable[Order](t)
	accounts := offlineTable[Account](t)
	var cc types.ConsumedCapacity
	tests := []struct {
		name       string
		build      func() (*dynamodb.PutItemInput, error)
		condition  string
		names      map[string]string
		values     map[string]types.AttributeValue
		capacity   types.ReturnConsumedCapacity
		wantFields map[string]types.AttributeValue
	}{
		{
			name:  "plain put has no condition",
			build: func() (*dynamodb.PutItemInput, error) { return orders.Put(validOrder("o1")).Input() },
		},
		{
			name: "condition with a reserved word",
			build: func() (*dynamodb.PutItemInput, error) {
				return orders.Put(validOrder("o1")).If(cond.Name("status").Eq("open")).Input()
			},
			condition: "#n0 = :v0",
			names:     map[string]string{"#n0": "status"},
			values:    map[string]types.AttributeValue{":v0": s("open")},
		},
		{
			name: "two conditions are ANDed",
			build: func() (*dynamodb.PutItemInput, error) {
				return orders.Put(validOrder("o1")).If(cond.Name("status").Eq("open")).If(cond.Name("total").Lt(100)).ConsumedCapacity(&cc).Input()
			},
			condition: "#n0 = :v0 AND #n1 < :v1",
			names:     map[string]string{"#n0": "status", "#n1": "total"},
			values:    map[string]types.AttributeValue{":v0": s("open"), ":v1": n("100")},
			capacity:  types.ReturnConsumedCapacityTotal,
		},
		{
			name:       "unversioned item must have no version yet: none, or 0 as attributevalue writes it",
			build:      func() (*dynamodb.PutItemInput, error) { return accounts.Put(&Account{ID: "a", Balance: 1}).Input() },
			condition:  "attribute_not_exists(#n0) OR #n0 = :v0",
			names:      map[string]string{"#n0": "ver"},
			values:     map[string]types.AttributeValue{":v0": n("0")},
			wantFields: map[string]types.AttributeValue{"ver": n("1"), "_t": s("Account")},
		},
		{
			name: "a caller's condition and no version yet",
			build: func() (*dynamodb.PutItemInput, error) {
				return accounts.Put(&Account{ID: "a", Balance: 1}).If(cond.Name("balance").Ge(0)).Input()
			},
			condition:  "#n0 >= :v0 AND (attribute_not_exists(#n1) OR #n1 = :v1)",
			names:      map[string]string{"#n0": "balance", "#n1": "ver"},
			values:     map[string]types.AttributeValue{":v0": n("0"), ":v1": n("0")},
			wantFields: map[string]types.AttributeValue{"ver": n("1")},
		},
		{
			name:       "versioned item must still be at the version read",
			build:      func() (*dynamodb.PutItemInput, error) { return accounts.Put(&Account{ID: "a", Version: 7}).Input() },
			condition:  "#n0 = :v0",
			names:      map[string]string{"#n0": "ver"},
			values:     map[string]types.AttributeValue{":v0": n("7")},
			wantFields: map[string]types.AttributeValue{"ver": n("8")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(in.TableName) != "offline" {
				t.Errorf("TableName = %q", aws.ToString(in.TableName))
			}
			if got := aws.ToString(in.ConditionExpression); got != tt.condition {
				t.Errorf("ConditionExpression = %q, want %q", got, tt.condition)
			}
			if !reflect.DeepEqual(in.ExpressionAttributeNames, tt.names) {
				t.Errorf("names = %v, want %v", in.ExpressionAttributeNames, tt.names)
			}
			if !reflect.DeepEqual(in.ExpressionAttributeValues, tt.values) {
				t.Errorf("values = %v, want %v", in.ExpressionAttributeValues, tt.values)
			}
			wantRV := types.ReturnValuesOnConditionCheckFailure("")
			if tt.condition != "" {
				wantRV = types.ReturnValuesOnConditionCheckFailureAllOld
			}
			if in.ReturnValuesOnConditionCheckFailure != wantRV {
				t.Errorf("ReturnValuesOnConditionCheckFailure = %q, want %q", in.ReturnValuesOnConditionCheckFailure, wantRV)
			}
			if in.ReturnConsumedCapacity != tt.capacity {
				t.Errorf("ReturnConsumedCapacity = %q, want %q", in.ReturnConsumedCapacity, tt.capacity)
			}
			for k, v := range tt.wantFields {
				if !reflect.DeepEqual(in.Item[k], v) {
					t.Errorf("Item[%s] = %v, want %v", k, in.Item[k], v)
				}
			}
			if !reflect.DeepEqual(in.Item["_v"], n("1")) && !reflect.DeepEqual(in.Item["_v"], n("2")) {
				t.Errorf("no schema version stamped: %v", in.Item["_v"])
			}
		})
	}
}

func TestGetAndDeleteBuildTheirRequests(t *testing.T) {
	orders := offlineTable[Order](t)
	get, err := orders.Get(entity.NewKey("o1")).Input()
	if err != nil {
		t.Fatal(err)
	}
	if get.ConsistentRead != nil || get.ProjectionExpression != nil || !reflect.DeepEqual(get.Key, map[string]types.AttributeValue{"orderId": s("o1")}) {
		t.Fatalf("default Get.Input = %+v (reads are eventually consistent by default)", get)
	}
	get, err = orders.Get(entity.NewKey("o1")).ConsistentRead().Project("total", "status").Input()
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToBool(get.ConsistentRead) || aws.ToString(get.ProjectionExpression) != "#n0, #n1, #n2" ||
		!reflect.DeepEqual(get.ExpressionAttributeNames, map[string]string{"#n0": "total", "#n1": "status", "#n2": "_v"}) {
		t.Fatalf("projected Get.Input = %+v %v", get, get.ExpressionAttributeNames)
	}
	del, err := orders.Delete(entity.NewKey("o1")).ReturnOld().If(cond.Name("status").In("open", "cancelled")).Input()
	if err != nil {
		t.Fatal(err)
	}
	if del.ReturnValues != types.ReturnValueAllOld || aws.ToString(del.ConditionExpression) != "#n0 IN (:v0, :v1)" ||
		del.ReturnValuesOnConditionCheckFailure != types.ReturnValuesOnConditionCheckFailureAllOld {
		t.Fatalf("Delete.Input = %+v", del)
	}
}

// A key given as a convertible Go value is encoded the way the field is.
type Reading struct {
	Sensor string  `dynamodbav:"sensor" ddb:"pk"`
	At     int64   `dynamodbav:"at" ddb:"sk"`
	Value  float64 `dynamodbav:"value"`
}

func TestKeysConvertWithoutLoss(t *testing.T) {
	tbl, err := entity.NewTable[Reading]((*dynamodb.Client)(nil), entity.TableName("readings"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := tbl.Get(entity.NewKey("s1", 42)).Input()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in.Key, map[string]types.AttributeValue{"sensor": s("s1"), "at": n("42")}) {
		t.Fatalf("key = %v", in.Key)
	}
	for name, key := range map[string]entity.Key{
		"missing sort":   entity.NewKey("s1"),
		"string as int":  entity.NewKey("s1", "42"),
		"float as int":   entity.NewKey("s1", 4.2),
		"two sort parts": entity.NewKey("s1", 1, 2),
	} {
		if _, err := tbl.Get(key).Input(); err == nil {
			t.Errorf("%s: Get.Input accepted %v", name, key)
		}
	}
}
