package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// Customer has two unique constraints, kept with guard items in the same
// table: usernames are unique as written, emails whatever their case.
type Customer struct {
	entity.Model `ddb:"table=customers,type=Customer"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Username     string `dynamodbav:"username" ddb:"unique" validate:"required,alphanum"`
	Email        string `dynamodbav:"email" ddb:"unique,fold" validate:"required,email"`
}

// Account holds money; transfers are transactions with a balance condition.
type Account struct {
	entity.Model `ddb:"table=accounts,type=Account"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Balance      int64  `dynamodbav:"balance" validate:"gte=0"`
}

var (
	customerMeta = entity.MustRegister[Customer]()
	accountMeta  = entity.MustRegister[Account]()
)

func run(ctx context.Context, client *dynamodb.Client, prefix string, w io.Writer) error {
	for _, m := range []*entity.Meta{customerMeta, accountMeta} {
		if _, err := schema.CreateTable(ctx, client, prefix+m.Table(), m); err != nil {
			return err
		}
	}
	customers, err := entity.NewTable[Customer](client, entity.TableName(prefix+"customers"))
	if err != nil {
		return err
	}
	accounts, err := entity.NewTable[Account](client, entity.TableName(prefix+"accounts"))
	if err != nil {
		return err
	}

	signUp := func(c *Customer) error {
		tx := txn.NewWrite(client)
		txn.Create(tx, customers, c)
		txn.Create(tx, accounts, &Account{ID: c.ID, Balance: 100})
		res, err := tx.Run(ctx)
		if err == nil {
			fmt.Fprintf(w, "signed up %s <%s>: 1 customer, 2 guards and 1 account in one transaction (%d request)\n", c.Username, c.Email, res.Attempts)
		}
		return err
	}
	ana := &Customer{ID: "c-1", Username: "ana", Email: "ana@example.com"}
	if err := signUp(ana); err != nil {
		return err
	}
	if err := signUp(&Customer{ID: "c-2", Username: "ben", Email: "ben@example.com"}); err != nil {
		return err
	}
	err = signUp(&Customer{ID: "c-3", Username: "anna", Email: "ANA@Example.com"})
	// The cancellation holds the unique constraint it found taken.
	var v *txn.UniqueViolation
	if errors.As(err, &v) {
		fmt.Fprintf(w, "sign-up of anna refused: %s %q is taken; nothing was written\n", v.Constraint, v.Value)
	} else {
		return fmt.Errorf("duplicate email accepted: %v", err)
	}

	// Changing an email moves its guard in the same transaction.
	next := *ana
	next.Email = "ana@new.example"
	tx := txn.NewWrite(client)
	txn.Replace(tx, customers, ana, &next)
	if _, err := tx.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "ana changed her email to %s; ana@example.com is free again\n", next.Email)
	if err := signUp(&Customer{ID: "c-3", Username: "anna", Email: "ANA@Example.com"}); err != nil {
		return err
	}

	transfer := func(from, to string, amount int64) (txn.Op, error) {
		tx := txn.NewWrite(client)
		debit := txn.Update(tx, update.New(accounts, entity.NewKey(from)).
			Increment(cond.Name("balance"), -amount).If(cond.Name("balance").Ge(amount)))
		txn.Update(tx, update.New(accounts, entity.NewKey(to)).Increment(cond.Name("balance"), amount))
		_, err := tx.Run(ctx)
		return debit, err
	}
	if _, err := transfer("c-1", "c-2", 70); err != nil {
		return err
	}
	fmt.Fprintln(w, "transferred 70 from c-1 to c-2")
	debit, err := transfer("c-1", "c-3", 50)
	if cur, ok := txn.Current[Account](err, debit); ok && errors.Is(err, entity.ErrConditionFailed) {
		fmt.Fprintf(w, "transfer of 50 from c-1 to c-3 canceled: the debit's condition failed, c-1 has %d\n", cur.Balance)
	} else {
		return fmt.Errorf("overdraft accepted: %v", err)
	}

	r := txn.NewRead(client)
	var gets []txn.GetOp[Account]
	for _, id := range []string{"c-1", "c-2", "c-3"} {
		gets = append(gets, txn.Get(r, accounts, entity.NewKey(id)))
	}
	res, err := r.Run(ctx)
	if err != nil {
		return err
	}
	var total int64
	for _, g := range gets {
		a, err := g.Item(res)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s balance %d\n", a.ID, a.Balance)
		total += a.Balance
	}
	fmt.Fprintf(w, "total %d, read as one snapshot\n", total)
	return nil
}
