package update_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/update"
)

// Wallet is at schema version 2, with a lock version field ver.
type Wallet struct {
	entity.Model `ddb:"table=wallets,version=2"`
	ID           string  `dynamodbav:"id" ddb:"pk"`
	Name         string  `dynamodbav:"name" validate:"required"`
	Orders       int     `dynamodbav:"orders"`
	Balance      int64   `dynamodbav:"balance"`
	Events       []Event `dynamodbav:"events"`
	Note         string  `dynamodbav:"note,omitempty"`
	Version      int64   `dynamodbav:"ver" ddb:"lock"`
}

var walletMeta = entity.MustRegister[Wallet](entity.WithUpgrade(1, func(map[string]types.AttributeValue) error { return nil }))

// printExpressions prints the expressions of a request, then its names
// and values in placeholder order.
func printExpressions(exprs [][2]string, names map[string]string, values map[string]types.AttributeValue) {
	for _, e := range exprs {
		if e[1] != "" {
			fmt.Printf("%s: %s\n", e[0], e[1])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(names)) {
		fmt.Printf("%s = %s\n", k, names[k])
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		fmt.Printf("%s = %s\n", k, show(values[k]))
	}
}

func show(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("%q", v.Value)
	case *types.AttributeValueMemberN:
		return v.Value
	case *types.AttributeValueMemberL:
		out := "["
		for i, e := range v.Value {
			if i > 0 {
				out += " "
			}
			out += show(e)
		}
		return out + "]"
	case *types.AttributeValueMemberM:
		out := "{"
		for i, k := range slices.Sorted(maps.Keys(v.Value)) {
			if i > 0 {
				out += " "
			}
			out += k + ":" + show(v.Value[k])
		}
		return out + "}"
	}
	return fmt.Sprintf("%T", v)
}

// The update of the package documentation, and the request it builds: the
// caller's actions, the schema version set and expected (#n4), the lock
// version advanced (#n5), and the condition that the item exists. Input
// builds the request without sending it.
func ExampleUpdate_Input() {
	client := dynamodb.New(dynamodb.Options{Region: "eu-west-1"}) // nothing is sent
	wallets, err := entity.NewTable[Wallet](client)
	if err != nil {
		log.Fatal(err)
	}
	in, err := update.New(wallets, entity.NewKey("a-1")).
		Set(cond.Name("name"), "Ana").
		Increment(cond.Name("orders"), 1).
		Append(cond.Name("events"), []Event{{Kind: "paid"}}).
		Remove(cond.Name("note")).
		If(cond.Name("balance").Ge(0)).
		ReturnValues(types.ReturnValueAllNew).
		Input()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.ToString(in.TableName), show(in.Key["id"]), in.ReturnValues)
	printExpressions([][2]string{
		{"UpdateExpression", aws.ToString(in.UpdateExpression)},
		{"ConditionExpression", aws.ToString(in.ConditionExpression)},
	}, in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	// Output:
	// wallets "a-1" ALL_NEW
	// UpdateExpression: SET #n0 = :v0, #n2 = list_append(if_not_exists(#n2, :v3), :v2), #n4 = :v4 REMOVE #n3 ADD #n1 :v1, #n5 :v5
	// ConditionExpression: (#n7 >= :v6) AND attribute_exists(#n6) AND #n4 = :v4
	// #n0 = name
	// #n1 = orders
	// #n2 = events
	// #n3 = note
	// #n4 = _v
	// #n5 = ver
	// #n6 = id
	// #n7 = balance
	// :v0 = "Ana"
	// :v1 = 1
	// :v2 = [{kind:"paid" n:0}]
	// :v3 = []
	// :v4 = 2
	// :v5 = 1
	// :v6 = 0
}

// Visit is an entity without a lock field, which a batch can write.
type Visit struct {
	entity.Model `ddb:"table=visits"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Page         string `dynamodbav:"page" validate:"required"`
}

// acceptAll is a client whose BatchWriteItem writes everything at once; it
// prints each request it receives.
type acceptAll struct{ entity.Client }

func (acceptAll) BatchWriteItem(_ context.Context, in *dynamodb.BatchWriteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	fmt.Printf("BatchWriteItem: %d writes to visits, ReturnConsumedCapacity %s\n", len(in.RequestItems["visits"]), in.ReturnConsumedCapacity)
	return &dynamodb.BatchWriteItemOutput{}, nil
}

// A batch writer's settings are methods chained on NewBatchWriter, made
// before the writer is shared. A setting out of range is returned by Run
// before any request is sent.
func ExampleNewBatchWriter() {
	visits, err := entity.NewTable[Visit](acceptAll{})
	if err != nil {
		log.Fatal(err)
	}
	w := update.NewBatchWriter(acceptAll{}).
		Concurrency(2).
		MaxAttempts(5).
		Backoff(10*time.Millisecond, time.Second).
		ConsumedCapacity(types.ReturnConsumedCapacityTotal).
		OnProgress(func(p update.BatchProgress) { fmt.Printf("progress: %d of %d written\n", p.Written, p.Total) })
	if err := update.BatchPut(w, visits, &Visit{ID: "v-1", Page: "/"}, &Visit{ID: "v-2", Page: "/about"}); err != nil {
		log.Fatal(err)
	}
	report, err := w.Run(context.Background())
	fmt.Println(report.Puts, report.Requests, err)

	bad := update.NewBatchWriter(acceptAll{}).Concurrency(0)
	if err := update.BatchPut(bad, visits, &Visit{ID: "v-3", Page: "/"}); err != nil {
		log.Fatal(err)
	}
	_, err = bad.Run(context.Background())
	var input *entity.InputError
	fmt.Println(errors.As(err, &input), input.Rule == update.RuleBatchOption, input.Op)
	// Output:
	// BatchWriteItem: 2 writes to visits, ReturnConsumedCapacity TOTAL
	// progress: 2 of 2 written
	// 2 1 <nil>
	// true true update.BatchWriter.Concurrency
}
