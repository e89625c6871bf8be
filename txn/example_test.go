package txn_test

import (
	"errors"
	"fmt"
	"log"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// Purse is a balance that transfers move between owners.
type Purse struct {
	entity.Model `ddb:"table=purses"`
	Owner        string `dynamodbav:"owner" ddb:"pk"`
	Balance      int64  `dynamodbav:"balance" validate:"gte=0"`
}

func show(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("%q", v.Value)
	case *types.AttributeValueMemberN:
		return v.Value
	}
	return fmt.Sprintf("%T", v)
}

// A transfer of 80 from alice to bob, and the TransactWriteItems it
// builds: two updates, the debit conditioned on the balance, each with the
// library's conditions that the item exists and is at the model's schema
// version (1, which an item without _v also is), which it sets. Input
// builds the request without sending it.
func ExampleWrite_Input() {
	client := dynamodb.New(dynamodb.Options{Region: "eu-west-1"}) // nothing is sent
	purses, err := entity.NewTable[Purse](client)
	if err != nil {
		log.Fatal(err)
	}
	w := txn.NewWrite(client).Token("transfer-42")
	txn.Update(w, update.New(purses, entity.NewKey("alice")).
		Increment(cond.Name("balance"), -80).If(cond.Name("balance").Ge(80)))
	txn.Update(w, update.New(purses, entity.NewKey("bob")).Increment(cond.Name("balance"), 80))
	in, err := w.Input()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("token:", aws.ToString(in.ClientRequestToken))
	for i, it := range in.TransactItems {
		u := it.Update
		fmt.Printf("%d. Update %s %s\n", i, aws.ToString(u.TableName), show(u.Key["owner"]))
		fmt.Println("   UpdateExpression:", aws.ToString(u.UpdateExpression))
		fmt.Println("   ConditionExpression:", aws.ToString(u.ConditionExpression))
		for _, k := range slices.Sorted(maps.Keys(u.ExpressionAttributeNames)) {
			fmt.Printf("   %s = %s\n", k, u.ExpressionAttributeNames[k])
		}
		for _, k := range slices.Sorted(maps.Keys(u.ExpressionAttributeValues)) {
			fmt.Printf("   %s = %s\n", k, show(u.ExpressionAttributeValues[k]))
		}
	}
	// Output:
	// token: transfer-42
	// 0. Update purses "alice"
	//    UpdateExpression: SET #n1 = :v1 ADD #n0 :v0
	//    ConditionExpression: (#n0 >= :v2) AND attribute_exists(#n2) AND (attribute_not_exists(#n1) OR #n1 = :v1)
	//    #n0 = balance
	//    #n1 = _v
	//    #n2 = owner
	//    :v0 = -80
	//    :v1 = 1
	//    :v2 = 80
	// 1. Update purses "bob"
	//    UpdateExpression: SET #n1 = :v1 ADD #n0 :v0
	//    ConditionExpression: attribute_exists(#n2) AND (attribute_not_exists(#n1) OR #n1 = :v1)
	//    #n0 = balance
	//    #n1 = _v
	//    #n2 = owner
	//    :v0 = 80
	//    :v1 = 1
}

// Refusals come before anything is sent, as an *entity.InputError naming
// the rule broken: here two operations on one item.
func ExampleRuleSameItem() {
	client := dynamodb.New(dynamodb.Options{Region: "eu-west-1"})
	purses, err := entity.NewTable[Purse](client)
	if err != nil {
		log.Fatal(err)
	}
	w := txn.NewWrite(client)
	txn.Put(w, purses, &Purse{Owner: "alice", Balance: 10})
	txn.Check(w, purses, entity.NewKey("alice"), cond.Name("balance").Ge(0))
	_, err = w.Input()
	var refused *entity.InputError
	if errors.As(err, &refused) {
		fmt.Println(refused.Rule == txn.RuleSameItem, refused.Table, refused.Key)
	}
	// Output:
	// true purses {owner="alice"}
}

// An operation's conditions are methods of the Op it returns: here a Put
// that happens only while the stored balance covers what was read, and a
// Delete of a purse only when it is empty. The item written is validated
// and encoded when the Put is added; If compiles its condition into the
// operation.
func ExampleOp_If() {
	client := dynamodb.New(dynamodb.Options{Region: "eu-west-1"}) // nothing is sent
	purses, err := entity.NewTable[Purse](client)
	if err != nil {
		log.Fatal(err)
	}
	w := txn.NewWrite(client)
	txn.Put(w, purses, &Purse{Owner: "alice", Balance: 20}).If(cond.Name("balance").Ge(100))
	txn.Delete(w, purses, entity.NewKey("carol")).If(cond.Name("balance").Eq(0))
	in, err := w.Input()
	if err != nil {
		log.Fatal(err)
	}
	put, del := in.TransactItems[0].Put, in.TransactItems[1].Delete
	fmt.Println("Put:", aws.ToString(put.ConditionExpression), put.ExpressionAttributeNames["#n0"], show(put.ExpressionAttributeValues[":v0"]))
	fmt.Println("Delete:", aws.ToString(del.ConditionExpression), del.ExpressionAttributeNames["#n0"], show(del.ExpressionAttributeValues[":v0"]))

	// Purse has no lock version, so IfVersion has nothing to compare.
	w = txn.NewWrite(client)
	txn.Delete(w, purses, entity.NewKey("carol")).IfVersion(3)
	_, err = w.Input()
	var refused *entity.InputError
	fmt.Println(errors.As(err, &refused), refused.Rule == entity.RuleInvalidArgument)
	// Output:
	// Put: #n0 >= :v0 balance 100
	// Delete: #n0 = :v0 balance 0
	// true true
}
