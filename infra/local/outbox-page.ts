/**
 * GET /_local/outbox.html: the messages the local SES and SMS stand-ins recorded, newest first, for a
 * person trying the service locally. Rendered here (no script), every value escaped; never deployed.
 */
import { escapeHtml } from './http-util.ts';
import type { RecordedMessage } from './local-messaging.ts';


function messageRow(message: RecordedMessage): string {
  const cells = [message.sentAt, message.channel, message.to, message.language, message.event, message.applicationId].map(
    (value) => `<td>${escapeHtml(value)}</td>`,
  );
  const text = `${message.subject ? `<strong>${escapeHtml(message.subject)}</strong>\n` : ''}${escapeHtml(message.body)}`;
  return `<tr data-id="${escapeHtml(message.id)}">${cells.join('')}<td><pre class="message-text">${text}</pre></td></tr>`;
}

export function outboxPage(messages: RecordedMessage[], to: string | undefined): string {
  const rows = [...messages].reverse().map(messageRow).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Messages sent · local stack</title>
  <link rel="stylesheet" href="/assets/styles.css">
</head>
<body class="wide">
<main>
  <h1>Messages sent to applicants</h1>
  <p>Local stack only: the email and SMS stand-ins record each message here instead of delivering it. The same list as JSON: <a href="/_local/outbox">/_local/outbox</a>.</p>
  <form method="get" action="/_local/outbox.html" class="queue-controls">
    <label for="f-to">Address or phone number</label>
    <input id="f-to" name="to" type="text" value="${escapeHtml(to ?? '')}" autocomplete="off">
    <button type="submit">Show</button>
    <a href="/_local/outbox.html">All messages</a>
  </form>
  <p id="message-count">${messages.length} message(s)${to ? ` to ${escapeHtml(to)}` : ''}.</p>
  <table id="messages">
    <thead><tr><th scope="col">Sent</th><th scope="col">Channel</th><th scope="col">To</th><th scope="col">Language</th><th scope="col">Event</th><th scope="col">Application</th><th scope="col">Message</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table>
</main>
</body>
</html>
`;
}
