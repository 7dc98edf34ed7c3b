/** Amounts travel in agorot (integers); people read shekels. */
const shekels = new Intl.NumberFormat("he-IL", { style: "currency", currency: "ILS", minimumFractionDigits: 2 });

export function formatAgorot(agorot: number): string {
  return shekels.format(agorot / 100);
}

/** "0501234567" or "+972 50-123-4567" → "972501234567", the form wa.me wants; null when it is no phone. */
export function whatsappNumber(phone: string): string | null {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 9) return null;
  return digits.startsWith("0") ? `972${digits.slice(1)}` : digits;
}

export function whatsappLink(phone: string, text: string): string | null {
  const number = whatsappNumber(phone);
  return number ? `https://wa.me/${number}?text=${encodeURIComponent(text)}` : null;
}
