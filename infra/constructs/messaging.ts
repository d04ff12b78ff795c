/**
 * Who the applicant's messages come from, given at deploy time: the From address of email (its address
 * or its domain verified as an Amazon SES identity) and the SMS origination identity of AWS End User
 * Messaging SMS (the ARN of a phone number, pool or sender id). A function granted here may send from
 * exactly these, nothing else.
 */
import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export class Messaging extends Construct {
  readonly emailFromAddress: string;
  readonly smsOriginationArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const emailFrom = new CfnParameter(this, 'EmailFrom', {
      type: 'String',
      description: 'From address of applicant email; the address or its domain must be a verified Amazon SES identity',
      allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    });
    const smsOrigination = new CfnParameter(this, 'SmsOrigination', {
      type: 'String',
      description: 'ARN of the End User Messaging SMS phone number, pool or sender id that sends applicant SMS',
      allowedPattern: '^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\\d{12}:(phone-number|pool|sender-id)/.+$',
    });
    // Plain names, so a deploy says `--parameters PermitFastTrackStateless:NotificationEmailFrom=...`.
    emailFrom.overrideLogicalId('NotificationEmailFrom');
    smsOrigination.overrideLogicalId('NotificationSmsOrigination');
    this.emailFromAddress = emailFrom.valueAsString;
    this.smsOriginationArn = smsOrigination.valueAsString;
  }

  /** SES SendEmail from the From address (as an address or a domain identity) and SMS from the origination. */
  grantSend(role: IRole): void {
    const { region, account, partition } = Stack.of(this);
    const domain = Fn.select(1, Fn.split('@', this.emailFromAddress));
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [this.emailFromAddress, domain].map((identity) => `arn:${partition}:ses:${region}:${account}:identity/${identity}`),
      }),
    );
    role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sms-voice:SendTextMessage'], resources: [this.smsOriginationArn] }));
  }
}
