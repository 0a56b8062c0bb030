import { registerEnumType } from 'type-graphql';

/** IATI's TransactionType codelist (2.03, embedded), copied from `TransactionType.xml` beside this file. Values are the IATI codes. */
export enum TransactionType {
  INCOMING_FUNDS = '1',
  OUTGOING_COMMITMENT = '2',
  DISBURSEMENT = '3',
  EXPENDITURE = '4',
  INTEREST_PAYMENT = '5',
  LOAN_REPAYMENT = '6',
  REIMBURSEMENT = '7',
  PURCHASE_OF_EQUITY = '8',
  SALE_OF_EQUITY = '9',
  CREDIT_GUARANTEE = '10',
  INCOMING_COMMITMENT = '11',
  OUTGOING_PLEDGE = '12',
  INCOMING_PLEDGE = '13',
}
registerEnumType(TransactionType, {
  name: 'TransactionType',
  description: "What kind of flow of money a transaction is: IATI's TransactionType codelist (2.03); each value stands for its IATI code.",
  valuesConfig: {
    INCOMING_FUNDS: { description: 'IATI code 1: funds received for the activity.' },
    OUTGOING_COMMITMENT: { description: 'IATI code 2: a firm, written obligation to provide resources; counted as committed.' },
    DISBURSEMENT: { description: 'IATI code 3: outgoing funds placed at the disposal of a recipient; counted as disbursed.' },
    EXPENDITURE: { description: 'IATI code 4: outgoing funds spent on goods and services for the activity; counted as spent.' },
    INTEREST_PAYMENT: { description: 'IATI code 5: interest paid on a loan.' },
    LOAN_REPAYMENT: { description: 'IATI code 6: repayment of the principal of a loan.' },
    REIMBURSEMENT: { description: 'IATI code 7: a payment covering costs already incurred.' },
    PURCHASE_OF_EQUITY: { description: 'IATI code 8: outgoing funds used to buy equity.' },
    SALE_OF_EQUITY: { description: 'IATI code 9: incoming funds from the sale of equity.' },
    CREDIT_GUARANTEE: { description: 'IATI code 10: a commitment to bear the risk of a loan.' },
    INCOMING_COMMITMENT: { description: 'IATI code 11: a firm, written obligation from a donor to provide resources to the activity.' },
    OUTGOING_PLEDGE: { description: 'IATI code 12: an indication of outgoing funding that is not yet a firm commitment.' },
    INCOMING_PLEDGE: { description: 'IATI code 13: an indication of incoming funding that is not yet a firm commitment.' },
  },
});

/**
 * Which transaction types the funding roll-ups count, and as what: the project's own outgoing flows.
 * Incoming funds and incoming commitments are the same money as another party's outgoing ones,
 * and pledges are not firm: counting them too would count money twice or before it is promised.
 */
export const FUNDING_MEASURES = {
  committed: [TransactionType.OUTGOING_COMMITMENT],
  disbursed: [TransactionType.DISBURSEMENT],
  spent: [TransactionType.EXPENDITURE],
} as const satisfies Record<string, readonly TransactionType[]>;
