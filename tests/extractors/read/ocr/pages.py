"""Page images drawn for the OCR tests: lines of printed text on white."""

from PIL import Image, ImageDraw, ImageFont


def printed_page(text="Harbour deal signed by the council", angle=0.0):
    image = Image.new("L", (1400, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for i in range(5):
        draw.text((60, 60 + i * 80), text, fill=0, font=font)
    return image.rotate(angle, fillcolor=255, expand=True) if angle else image
