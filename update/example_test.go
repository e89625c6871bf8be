package update_test

import (
	"fmt"
	"log"
	"maps"
	"slices"

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
