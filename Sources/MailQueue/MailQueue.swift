// MailQueue
