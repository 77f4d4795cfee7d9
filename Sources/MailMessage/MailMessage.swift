// MailMessage
